// The C entry point for the shop's reports.
#include "calls_reports.hpp"
#include "handle.hpp"
#include "loyalty/loyalty.h"

using namespace loyalty::abi;
namespace documents = loyalty::documents;

extern "C" {

LOYALTY_API int loyalty_report(loyalty_engine* e, const char* shop_id, const char* request_json, char** report_json) {
    return call_on_shop(e, shop_id, request_json, "request", report_json, "report_json", documents::report);
}

}  // extern "C"
