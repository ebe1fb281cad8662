// The C entry points for instant-win games.
#include "handle.hpp"
#include "loyalty/loyalty.h"

using namespace loyalty::abi;
namespace documents = loyalty::documents;

extern "C" {

LOYALTY_API int loyalty_play_game(loyalty_engine* e, const char* shop_id, const char* request_json,
                                  char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::play_game);
}

LOYALTY_API int loyalty_list_plays(loyalty_engine* e, const char* shop_id, const char* query_json,
                                   char** result_json) {
    return call_on_shop(e, shop_id, query_json, "query", result_json, "result_json", documents::list_plays);
}

LOYALTY_API int loyalty_game_status(loyalty_engine* e, const char* shop_id, const char* request_json,
                                    char** result_json) {
    return call_on_shop(e, shop_id, request_json, "request", result_json, "result_json", documents::game_status);
}

}  // extern "C"
