// The C entry points for customer groups, rewards, payments with points and distributor programs.
// Each decodes its whole request before calling the engine, so a malformed one changes nothing.

#include "codec.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "loyalty/loyalty.h"
#include "util/error.hpp"
#include "util/zone.hpp"

namespace {

namespace core = loyalty::core;
namespace json = boost::json;
using namespace loyalty::abi;

}  // namespace

extern "C" {

LOYALTY_API int loyalty_set_group(loyalty_engine* e, const char* shop_id, const char* request_json,
                                  char** member_json) {
    return guarded([&] {
        require_out(member_json, "member_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_group_request(parse_object(request_json, "request"));
        auto details = engine.set_group(program->shop_id, request.member_id, request.group);
        *member_json = copy_out(json::serialize(encode_member_details(details, *program->zone)));
    });
}

LOYALTY_API int loyalty_claim_reward(loyalty_engine* e, const char* shop_id, const char* request_json,
                                     char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_claim_request(parse_object(request_json, "request"));
        auto result = engine.claim_reward(program->shop_id, request);
        *result_json = copy_out(json::serialize(encode_claim_result(result, *program->zone, wall_clock())));
    });
}

LOYALTY_API int loyalty_list_grants(loyalty_engine* e, const char* shop_id, const char* query_json,
                                    char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        // One instant for filtering and for the statuses shown, so the two always agree.
        int64_t now = wall_clock();
        auto query = decode_grant_query(parse_object(query_json, "query"), now);
        auto page = engine.grants(program->shop_id, query);
        *result_json = copy_out(json::serialize(encode_grant_page(page, *program->zone, now)));
    });
}

LOYALTY_API int loyalty_use_grant(loyalty_engine* e, const char* shop_id, const char* request_json,
                                  char** grant_json) {
    return guarded([&] {
        require_out(grant_json, "grant_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_grant_use(parse_object(request_json, "request"));
        auto grant = engine.use_grant(program->shop_id, request);
        *grant_json = copy_out(json::serialize(encode_grant(grant, *program->zone, wall_clock())));
    });
}

LOYALTY_API int loyalty_void_grant(loyalty_engine* e, const char* shop_id, const char* request_json,
                                   char** grant_json) {
    return guarded([&] {
        require_out(grant_json, "grant_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_grant_void(parse_object(request_json, "request"));
        auto grant = engine.void_grant(program->shop_id, request);
        *grant_json = copy_out(json::serialize(encode_grant(grant, *program->zone, wall_clock())));
    });
}

LOYALTY_API int loyalty_pay_with_points(loyalty_engine* e, const char* shop_id, const char* request_json,
                                        char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_payment_request(parse_object(request_json, "request"));
        auto result = engine.pay_with_points(program->shop_id, request);
        *result_json = copy_out(json::serialize(encode_payment_result(result, *program->zone)));
    });
}

LOYALTY_API int loyalty_settle_period(loyalty_engine* e, const char* shop_id, const char* request_json,
                                      char** report_json) {
    return guarded([&] {
        require_out(report_json, "report_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_settle_request(parse_object(request_json, "request"), *program->zone);
        auto report = engine.settle_period(program->shop_id, request);
        *report_json = copy_out(json::serialize(encode_settlement_report(request.period, report, *program->zone)));
    });
}

LOYALTY_API int loyalty_leaderboard(loyalty_engine* e, const char* shop_id, const char* request_json,
                                    char** result_json) {
    return guarded([&] {
        require_out(result_json, "result_json");
        auto& engine = engine_of(e);
        auto program = engine.shop(text_arg(shop_id, "shop_id"));
        auto request = decode_leaderboard_request(parse_object(request_json, "request"), *program->zone);
        auto board = engine.leaderboard(program->shop_id, request);
        *result_json = copy_out(json::serialize(encode_leaderboard(board, *program->zone)));
    });
}

}  // extern "C"
