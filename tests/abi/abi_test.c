/*
 * A plain C11 client of libloyalty.so: proves the public header compiles as strict C with every
 * warning on, and that the ABI behaves as documented for a caller with no C++ runtime of its own.
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t is POSIX, hidden by -std=c11 otherwise */

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "loyalty/loyalty.h"

/* Atomic, because worker threads check too. */
static atomic_int passed;
static atomic_int failed;

/* Reports the calling thread's last error: on failure it usually says what the library objected to. */
#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (cond) {                                                                            \
            atomic_fetch_add(&passed, 1);                                                      \
        } else {                                                                               \
            atomic_fetch_add(&failed, 1);                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed; last error: \"%s\"\n", __FILE__, __LINE__, \
                    #cond, loyalty_last_error());                                              \
        }                                                                                      \
    } while (0)

#define STR2(x) #x
#define STR(x) STR2(x)
#define HEADER_VERSION STR(LOYALTY_VERSION_MAJOR) "." STR(LOYALTY_VERSION_MINOR) "." STR(LOYALTY_VERSION_PATCH)

/* The project version CMake was configured with, so a release bump cannot leave the header behind. */
#ifndef LOYALTY_EXPECTED_VERSION
#error "build with -DLOYALTY_EXPECTED_VERSION=\"MAJOR.MINOR.PATCH\""
#endif

static const char memory_config[] = "{\"storage\": \"sqlite::memory:\"}";
static const char demo_shop[] =
    "{\"shop_id\":\"demo\",\"timezone\":\"Asia/Ho_Chi_Minh\",\"earn\":{\"spend_per_point\":10000}}";
static const char demo_order[] =
    "{\"order_id\":\"A-1001\",\"status\":\"paid\",\"amount\":1130000,\"refunded_amount\":0,"
    "\"occurred_at\":\"2024-05-13T14:20:00+07:00\",\"version\":3,"
    "\"customer\":{\"customer_id\":\"C-1\",\"platform\":\"pos\",\"phone\":\"0912345678\","
    "\"name\":\"Nguy\xe1\xbb\x85n V\xc4\x83n An\"},"
    "\"lines\":[{\"sku\":\"AO01\",\"quantity\":2,\"amount\":1200000}]}";

/* Outputs start out pointing here, so a test can tell "set to NULL" from "left alone". */
static max_align_t sentinel;
#define SENTINEL ((void *)&sentinel)

static int no_error(void) {
    const char *e = loyalty_last_error();
    return e != NULL && e[0] == '\0';
}

static int has_error(void) {
    const char *e = loyalty_last_error();
    return e != NULL && e[0] != '\0';
}

/* Enough JSON for the tests: copies the string value of the first "key":"..." in json.
 * Library output is compact (no spaces) and ids need no escaping. */
static int string_field(const char *json, const char *key, char *buf, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = json ? strstr(json, pattern) : NULL;
    if (!start) return 0;
    start += strlen(pattern);
    size_t n = strcspn(start, "\"");
    if (start[n] != '"' || n == 0 || n >= size) return 0;
    memcpy(buf, start, n);
    buf[n] = '\0';
    return 1;
}

static int count_occurrences(const char *haystack, const char *needle) {
    int n = 0;
    for (const char *p = haystack; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) ++n;
    return n;
}

static void test_version(void) {
    const char *v = loyalty_version();
    CHECK(v != NULL);
    CHECK(strcmp(HEADER_VERSION, LOYALTY_EXPECTED_VERSION) == 0);
    CHECK(v != NULL && strcmp(v, HEADER_VERSION) == 0);
}

static void test_null_and_bad_input(void) {
    loyalty_close(NULL);
    loyalty_free(NULL);

    loyalty_engine *e = SENTINEL;
    CHECK(loyalty_open("{\"storage\": ", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK(e == NULL);
    CHECK(has_error());

    e = SENTINEL;
    CHECK(loyalty_open("{\"storage\": \"sqlite::memory:\", \"no_such_option\": 1}", &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK(e == NULL);

    e = SENTINEL;
    CHECK(loyalty_open(NULL, &e) == LOYALTY_INVALID_ARGUMENT);
    CHECK(e == NULL);

    CHECK(loyalty_open(memory_config, NULL) == LOYALTY_INVALID_ARGUMENT);
    CHECK(loyalty_put_shop(NULL, demo_shop) == LOYALTY_INVALID_ARGUMENT);
    CHECK(has_error());

    /* A success must clear the previous failure's message, not leave it for the next caller. */
    CHECK(loyalty_open(memory_config, &e) == LOYALTY_OK);
    CHECK(e != NULL);
    CHECK(no_error());
    loyalty_close(e);
}

static void test_ledger(void) {
    loyalty_engine *e = NULL;
    CHECK(loyalty_open(memory_config, &e) == LOYALTY_OK);
    if (!e) return;
    CHECK(loyalty_put_shop(e, demo_shop) == LOYALTY_OK);
    CHECK(no_error());

    char *out = SENTINEL;
    char member_id[64] = "";
    CHECK(loyalty_record_order(e, "demo", demo_order, &out) == LOYALTY_OK);
    CHECK(no_error());
    CHECK(out != NULL && out != SENTINEL);
    if (out != NULL && out != SENTINEL) {
        CHECK(strstr(out, "\"points_delta\":113") != NULL);
        CHECK(strstr(out, "\"applied\":true") != NULL);
        CHECK(string_field(out, "member_id", member_id, sizeof member_id));
        loyalty_free(out);
    }

    int64_t available = -1, pending = -1;
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == 113);
    CHECK(pending == 0);

    /* Platforms resend webhooks: the same order state again must not earn twice. */
    out = NULL;
    CHECK(loyalty_record_order(e, "demo", demo_order, &out) == LOYALTY_OK);
    CHECK(out != NULL && strstr(out, "\"applied\":false") != NULL);
    loyalty_free(out);
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == 113 && pending == 0);

    /* The order gave a local number; lookups by the international form must find the same member. */
    out = NULL;
    char found_id[64] = "";
    CHECK(loyalty_get_member(e, "demo", "{\"phone\":\"+84912345678\"}", &out) == LOYALTY_OK);
    CHECK(string_field(out, "member_id", found_id, sizeof found_id));
    CHECK(strcmp(found_id, member_id) == 0);
    loyalty_free(out);

    char request[256];
    snprintf(request, sizeof request,
             "{\"member_id\":\"%s\",\"points\":100,\"idempotency_key\":\"redeem-1\",\"reason\":\"voucher\"}", member_id);
    out = NULL;
    CHECK(loyalty_redeem_points(e, "demo", request, &out) == LOYALTY_OK);
    CHECK(out != NULL);
    loyalty_free(out);
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == 13);

    /* A retried redemption is answered, not applied again. */
    out = NULL;
    CHECK(loyalty_redeem_points(e, "demo", request, &out) == LOYALTY_OK);
    loyalty_free(out);
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == 13);

    snprintf(request, sizeof request, "{\"member_id\":\"%s\",\"points\":50,\"idempotency_key\":\"redeem-2\"}",
             member_id);
    out = SENTINEL;
    CHECK(loyalty_redeem_points(e, "demo", request, &out) == LOYALTY_INSUFFICIENT_POINTS);
    CHECK(out == NULL);
    CHECK(has_error());
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == 13 && pending == 0);

    out = SENTINEL;
    CHECK(loyalty_record_order(e, "no-such-shop", demo_order, &out) == LOYALTY_NOT_FOUND);
    CHECK(out == NULL);
    CHECK(has_error());

    out = NULL;
    CHECK(loyalty_run_maintenance(e, 1715600000, &out) == LOYALTY_OK);
    CHECK(out != NULL && strstr(out, "\"ledger_consistent\":true") != NULL);
    loyalty_free(out);

    loyalty_close(e);
}

enum { THREADS = 8, ORDERS_PER_THREAD = 25 };

struct worker {
    loyalty_engine *engine;
    pthread_barrier_t *barrier;
    int index;
    int64_t points; /* what this thread's orders should have earned */
};

/* Every thread earns for the same customer, so the first orders also race to create the member. */
static void *record_orders(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < ORDERS_PER_THREAD; ++i) {
        int points = w->index * ORDERS_PER_THREAD + i + 1;
        char order[512];
        snprintf(order, sizeof order,
                 "{\"order_id\":\"T%d-%d\",\"status\":\"paid\",\"amount\":%d,"
                 "\"occurred_at\":\"2024-05-13T14:20:00+07:00\","
                 "\"customer\":{\"customer_id\":\"C-T\",\"platform\":\"pos\",\"phone\":\"0987654312\"}}",
                 w->index, i, points * 10000);
        char *out = NULL;
        CHECK(loyalty_record_order(w->engine, "demo", order, &out) == LOYALTY_OK);
        CHECK(out != NULL && strstr(out, "\"applied\":true") != NULL);
        loyalty_free(out);
        w->points += points;
    }

    /* Half the threads fail, each with its own message; the barrier makes every thread's last call
     * happen before any thread reads its message back. */
    char shop[32];
    snprintf(shop, sizeof shop, "missing-%d", w->index);
    char *out = NULL;
    if (w->index % 2 == 0) {
        CHECK(loyalty_get_shop(w->engine, shop, &out) == LOYALTY_NOT_FOUND);
    } else {
        CHECK(loyalty_get_shop(w->engine, "demo", &out) == LOYALTY_OK);
    }
    loyalty_free(out);
    pthread_barrier_wait(w->barrier);
    if (w->index % 2 == 0) {
        CHECK(strstr(loyalty_last_error(), shop) != NULL);
    } else {
        CHECK(no_error());
    }
    return NULL;
}

static void test_threads(void) {
    loyalty_engine *e = NULL;
    CHECK(loyalty_open(memory_config, &e) == LOYALTY_OK);
    if (!e) return;
    CHECK(loyalty_put_shop(e, demo_shop) == LOYALTY_OK);

    pthread_barrier_t barrier;
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS) == 0);
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    int started = 0;
    for (int i = 0; i < THREADS; ++i) {
        workers[i] = (struct worker){.engine = e, .barrier = &barrier, .index = i, .points = 0};
        int rc = pthread_create(&threads[i], NULL, record_orders, &workers[i]);
        CHECK(rc == 0);
        if (rc != 0) break;
        ++started;
    }
    /* A thread that failed to start would leave the others waiting at the barrier forever. */
    if (started != THREADS) {
        fprintf(stderr, "could not start %d threads\n", THREADS);
        return;
    }
    int64_t expected = 0;
    for (int i = 0; i < THREADS; ++i) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        expected += workers[i].points;
    }
    pthread_barrier_destroy(&barrier);
    /* The workers' failures belong to them; this thread's last call succeeded. */
    CHECK(no_error());

    char *out = NULL;
    char member_id[64] = "";
    CHECK(loyalty_get_member(e, "demo", "{\"platform\":\"pos\",\"customer_id\":\"C-T\"}", &out) == LOYALTY_OK);
    CHECK(string_field(out, "member_id", member_id, sizeof member_id));
    loyalty_free(out);

    int64_t available = -1, pending = -1;
    CHECK(loyalty_get_balance(e, "demo", member_id, &available, &pending) == LOYALTY_OK);
    CHECK(available == expected);
    CHECK(pending == 0);

    char query[128];
    snprintf(query, sizeof query, "{\"member_id\":\"%s\",\"limit\":500}", member_id);
    out = NULL;
    CHECK(loyalty_list_transactions(e, "demo", query, &out) == LOYALTY_OK);
    CHECK(count_occurrences(out, "\"kind\":\"earn\"") == THREADS * ORDERS_PER_THREAD);
    loyalty_free(out);

    out = NULL;
    CHECK(loyalty_run_maintenance(e, 1715600000, &out) == LOYALTY_OK);
    CHECK(out != NULL && strstr(out, "\"ledger_consistent\":true") != NULL);
    loyalty_free(out);

    loyalty_close(e);
}

int main(void) {
    test_version();
    test_null_and_bad_input();
    test_ledger();
    test_threads();
    int p = atomic_load(&passed), f = atomic_load(&failed);
    printf("%d passed, %d failed\n", p, f);
    return f == 0 ? 0 : 1;
}
