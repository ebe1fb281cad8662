#pragma once
// Every entry point runs its body through `guarded`, which turns any exception into a status and
// this thread's last error, so no C++ exception ever crosses into the caller.
#include <string>

#include "loyalty/loyalty.h"

namespace loyalty::abi {

const char* last_error_text() noexcept;
const char* last_error_json() noexcept;

int guarded_call(void (*body)(void*), void* context) noexcept;

template <class F>
int guarded(F&& f) noexcept {
    return guarded_call([](void* c) { (*static_cast<F*>(c))(); }, &f);
}

}  // namespace loyalty::abi
