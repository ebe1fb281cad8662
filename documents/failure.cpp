#include "failure.hpp"

#include <boost/system/system_error.hpp>

#include <new>

namespace loyalty::documents {

Failure current_failure() noexcept {
    try {
        try {
            throw;
        } catch (const core::Error& e) {
            return {e.status(), e.what(), e.details()};
        } catch (const std::bad_alloc&) {
            return {core::Status::internal, "out of memory", {}};
        } catch (const boost::system::system_error& e) {
            return {core::Status::invalid_argument, std::string("invalid input: ") + e.what(), {}};
        } catch (const std::exception& e) {
            return {core::Status::internal, std::string("internal error: ") + e.what(), {}};
        } catch (...) {
            return {core::Status::internal, "internal error: unknown exception", {}};
        }
    } catch (...) {
        // Building the message itself ran out of memory.
        return {core::Status::internal, {}, {}};
    }
}

std::string_view status_name(core::Status s) {
    switch (s) {
        case core::Status::ok: return "ok";
        case core::Status::invalid_argument: return "invalid_argument";
        case core::Status::not_found: return "not_found";
        case core::Status::conflict: return "conflict";
        case core::Status::insufficient_points: return "insufficient_points";
        case core::Status::unauthenticated: return "unauthenticated";
        case core::Status::storage: return "storage";
        case core::Status::internal: return "internal";
    }
    return "unknown";
}

boost::json::object encode_failure(const Failure& f) {
    boost::json::object o{{"code", status_name(f.status)}, {"message", f.message}};
    if (f.details.quarantine_id) o["quarantine_id"] = *f.details.quarantine_id;
    if (f.details.available) o["available"] = *f.details.available;
    if (f.details.requested) o["requested"] = *f.details.requested;
    return o;
}

}  // namespace loyalty::documents
