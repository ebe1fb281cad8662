#pragma once
// Every entry point runs its body through `guarded`, which turns any exception into a status and
// this thread's last error, so no C++ exception ever crosses into the caller.
#include <string>

#include "loyalty/loyalty.h"

namespace loyalty::abi {

void set_last_error(const std::string& message);
void clear_last_error();
const char* last_error_text() noexcept;

int guarded_call(void (*body)(void*), void* context) noexcept;

template <class F>
int guarded(F&& f) noexcept {
    return guarded_call([](void* c) { (*static_cast<F*>(c))(); }, &f);
}

}  // namespace loyalty::abi
