#include "guard.hpp"

#include "failure.hpp"

namespace loyalty::abi {
namespace {

// The last failure on this thread, as its message and as its JSON document; both empty after a
// call that succeeded.
thread_local std::string last_message;
thread_local std::string last_json;

void remember(const documents::Failure& f) noexcept {
    try {
        last_message = f.message;
        last_json = boost::json::serialize(documents::encode_failure(f));
    } catch (...) {
        last_message.clear();
        last_json.clear();
    }
}

}  // namespace

const char* last_error_text() noexcept { return last_message.c_str(); }

const char* last_error_json() noexcept {
    return last_json.empty() ? R"({"code":"ok","message":""})" : last_json.c_str();
}

int guarded_call(void (*body)(void*), void* context) noexcept {
    try {
        body(context);
        last_message.clear();
        last_json.clear();
        return LOYALTY_OK;
    } catch (...) {
        auto failure = documents::current_failure();
        remember(failure);
        return static_cast<int>(failure.status);
    }
}

}  // namespace loyalty::abi
