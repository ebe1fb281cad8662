// The C entry points for customer groups, rewards, payments with points and distributor programs.
#include "handle.hpp"
#include "loyalty/loyalty.h"

using namespace loyalty::abi;
namespace documents = loyalty::documents;

extern "C" {

LOYALTY_API int loyalty_set_group(loyalty_engine* e, const char* shop_id, const char* request_json,
                                  char** member_json) {
    return call_on_shop(e, shop_id, request_json, "request", member_json, "member_json", documents::set_group);
}

LOYALTY_API int loyalty_claim_reward(loyalty_engine* e, const char* shop_id, const char* request_json,
                                     char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::claim_reward);
}

LOYALTY_API int loyalty_list_grants(loyalty_engine* e, const char* shop_id, const char* query_json,
                                    char** result_json) {
    return call_on_shop(e, shop_id, query_json, "query", result_json, "result_json", documents::list_grants);
}

LOYALTY_API int loyalty_list_events(loyalty_engine* e, const char* shop_id, const char* query_json,
                                    char** result_json) {
    return call_on_shop(e, shop_id, query_json, "query", result_json, "result_json", documents::list_events);
}

LOYALTY_API int loyalty_replay_events(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::replay_events);
}

LOYALTY_API int loyalty_export_member(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::export_member);
}

LOYALTY_API int loyalty_erase_member(loyalty_engine* e, const char* shop_id, const char* request_json,
                                     char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::erase_member);
}

LOYALTY_API int loyalty_use_grant(loyalty_engine* e, const char* shop_id, const char* request_json,
                                  char** grant_json) {
    return call_on_shop(e, shop_id, request_json, "request", grant_json, "grant_json", documents::use_grant);
}

LOYALTY_API int loyalty_void_grant(loyalty_engine* e, const char* shop_id, const char* request_json,
                                   char** grant_json) {
    return call_on_shop(e, shop_id, request_json, "request", grant_json, "grant_json", documents::void_grant);
}

LOYALTY_API int loyalty_pay_with_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                        char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::pay_with_points);
}

LOYALTY_API int loyalty_settle_period(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** report_json) {
    return call_on_shop(e, shop_id, request_json, "request", report_json, "report_json", documents::settle_period);
}

LOYALTY_API int loyalty_leaderboard(loyalty_engine* e, const char* shop_id, const char* request_json,
                                    char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::leaderboard);
}

}  // extern "C"
