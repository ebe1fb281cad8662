/* Exits 0 only if the installed header, library and package metadata agree and the engine works. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <loyalty/loyalty.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define HEADER_VERSION STR(LOYALTY_VERSION_MAJOR) "." STR(LOYALTY_VERSION_MINOR) "." STR(LOYALTY_VERSION_PATCH)

static const char shop[] =
    "{\"shop_id\":\"demo\",\"timezone\":\"Asia/Ho_Chi_Minh\",\"earn\":{\"spend_per_point\":10000}}";
static const char order[] =
    "{\"order_id\":\"A-1001\",\"status\":\"paid\",\"amount\":1130000,\"occurred_at\":\"2024-05-13T14:20:00+07:00\","
    "\"customer\":{\"customer_id\":\"C-1\",\"platform\":\"pos\",\"phone\":\"0912345678\"}}";

static int fail(const char *what) {
    fprintf(stderr, "consumer: %s failed: %s\n", what, loyalty_last_error());
    return 1;
}

/* Enough parsing for one known, compact result: "member_id":"<id>". */
static int member_id_of(const char *result, char *buf, size_t size) {
    const char *key = "\"member_id\":\"";
    const char *start = strstr(result, key);
    if (!start) return 0;
    start += strlen(key);
    size_t n = strcspn(start, "\"");
    if (n == 0 || n >= size) return 0;
    memcpy(buf, start, n);
    buf[n] = '\0';
    return 1;
}

static int run(loyalty_engine *engine, const char *version) {
    if (loyalty_put_shop(engine, shop) != LOYALTY_OK) return fail("loyalty_put_shop");
    char *result = NULL;
    if (loyalty_record_order(engine, "demo", order, &result) != LOYALTY_OK) return fail("loyalty_record_order");
    char member_id[64];
    int found = member_id_of(result, member_id, sizeof member_id);
    if (!found) fprintf(stderr, "consumer: no member_id in %s\n", result);
    loyalty_free(result);
    if (!found) return 1;

    int64_t available = -1, pending = -1;
    if (loyalty_get_balance(engine, "demo", member_id, &available, &pending) != LOYALTY_OK)
        return fail("loyalty_get_balance");
    printf("loyalty %s (%s): available %" PRId64 ", pending %" PRId64 "\n", version, FIND_MODE, available, pending);
    return available == 113 && pending == 0 ? 0 : 1;
}

int main(void) {
    const char *version = loyalty_version();
    if (strcmp(version, HEADER_VERSION) != 0 || strcmp(version, PACKAGE_VERSION) != 0) {
        fprintf(stderr, "consumer: library %s, header %s, package %s\n", version, HEADER_VERSION, PACKAGE_VERSION);
        return 1;
    }
    loyalty_engine *engine = NULL;
    if (loyalty_open("{\"storage\": \"sqlite::memory:\"}", &engine) != LOYALTY_OK) return fail("loyalty_open");
    int rc = run(engine, version);
    loyalty_close(engine);
    return rc;
}
