#pragma once
// Changing a stored shop document: JSON Merge Patch (RFC 7396), and the secrets the admin API shows
// as "***", which an edited document sends back and which must keep their stored values.
#include <boost/json.hpp>

namespace loyalty::documents {

namespace json = boost::json;

// RFC 7396: objects merge key by key, null removes a key, anything else (arrays included) replaces.
json::value merge_patch(json::value target, const json::value& patch);

// What the admin API shows instead of a secret.
inline constexpr const char* redacted = "***";

// Every secret of the shop's connections ("secret", each of "secrets", "verify_token") and of its
// notification endpoints ("secret") as "***".
void redact_secrets(json::object& shop);

// In `shop`'s connections, each secret sent as "***" takes the stored value of the same platform's
// connection in `stored` ("secret", "secrets"[i], "verify_token"); an endpoint's "secret" that of
// the stored endpoint with the same "url". With `omitted_keeps`, a
// connection that sends no secret at all (neither "secret" nor "secrets"), or no "verify_token",
// keeps the stored ones too. A "***" with nothing stored to keep is left for decoding to refuse.
void keep_secrets(json::object& shop, const json::object& stored, bool omitted_keeps);

}  // namespace loyalty::documents
