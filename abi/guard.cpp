#include "guard.hpp"

#include <boost/system/system_error.hpp>

#include <new>

#include "util/error.hpp"

namespace loyalty::abi {
namespace {
thread_local std::string last_error;
}

void set_last_error(const std::string& message) {
    try {
        last_error = message;
    } catch (...) {
        last_error.clear();
    }
}

void clear_last_error() { last_error.clear(); }

const char* last_error_text() noexcept { return last_error.c_str(); }

int guarded_call(void (*body)(void*), void* context) noexcept {
    try {
        body(context);
        clear_last_error();
        return LOYALTY_OK;
    } catch (const core::Error& e) {
        set_last_error(e.what());
        return static_cast<int>(e.status());
    } catch (const std::bad_alloc&) {
        set_last_error("out of memory");
        return LOYALTY_INTERNAL;
    } catch (const boost::system::system_error& e) {
        set_last_error(std::string("invalid input: ") + e.what());
        return LOYALTY_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
        set_last_error(std::string("internal error: ") + e.what());
        return LOYALTY_INTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return LOYALTY_INTERNAL;
    }
}

}  // namespace loyalty::abi

