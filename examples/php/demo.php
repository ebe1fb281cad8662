<?php
// loyalty from PHP through its built-in FFI: open an engine, put a shop, ingest a signed Haravan
// webhook, read the member, redeem points.
//   LOYALTY_LIBRARY=/path/to/libloyalty.so.0 LOYALTY_FFI_HEADER=/path/to/loyalty_ffi.h php demo.php
// The header is generated at build time (build/release/bindings/php/loyalty_ffi.h) and installed as
// include/loyalty/loyalty_ffi.h. Every string the library returns is copied into PHP and then freed
// with loyalty_free; an engine may be shared by threads, but PHP's FFI objects may not.

$ffi = FFI::cdef(file_get_contents(getenv('LOYALTY_FFI_HEADER') ?: 'loyalty_ffi.h'),
                 getenv('LOYALTY_LIBRARY') ?: 'libloyalty.so.0');

// Calls a function whose last argument is a `char **` result: the JSON decoded, or an exception.
function call_json(FFI $ffi, string $function, array $args): array {
    $out = $ffi->new('char *');
    $args[] = FFI::addr($out);
    $status = $ffi->$function(...$args);
    if ($status !== 0) {
        // PHP's FFI hands back a `const char *` result as a PHP string already: no FFI::string.
        throw new RuntimeException($ffi->loyalty_status_name($status) . ': ' . $ffi->loyalty_last_error(), $status);
    }
    $text = FFI::string($out);
    $ffi->loyalty_free($out);
    return json_decode($text, true, 512, JSON_THROW_ON_ERROR);
}

function check(FFI $ffi, int $status): void {
    if ($status !== 0) {
        throw new RuntimeException($ffi->loyalty_last_error(), $status);
    }
}

$dir = sys_get_temp_dir() . '/loyalty-php-' . getmypid();
@mkdir($dir);
$engine = $ffi->new('loyalty_engine *');
check($ffi, $ffi->loyalty_open(json_encode(['storage' => "sqlite:$dir/demo.db"]), FFI::addr($engine)));
try {
    $secret = 'php-demo-haravan-secret';
    check($ffi, $ffi->loyalty_put_shop($engine, json_encode([
        'shop_id' => 'demo', 'timezone' => 'Asia/Ho_Chi_Minh', 'earn' => ['spend_per_point' => 10000],
        'connections' => [['platform' => 'haravan', 'secret' => $secret]],
    ])));

    $body = json_encode([
        'id' => 1002, 'created_at' => '2024-05-20T03:10:00Z', 'updated_at' => '2024-05-20T03:12:41Z',
        'financial_status' => 'paid', 'subtotal_price' => '650000.0000', 'total_price' => '680000.0000',
        'customer' => ['id' => 70001, 'phone' => '0912345678', 'first_name' => 'An', 'last_name' => 'Nguyễn Văn'],
    ], JSON_UNESCAPED_UNICODE);
    $headers = json_encode([
        'X-Haravan-Topic' => 'orders/paid',
        'X-Haravan-Hmacsha256' => base64_encode(hash_hmac('sha256', $body, $secret, true)),
    ]);
    $ingested = call_json($ffi, 'loyalty_ingest_webhook', [$engine, 'haravan', 'demo', $headers, $body, strlen($body)]);
    printf("webhook: %s, %+d points\n", $ingested['outcome'], $ingested['events'][0]['points_delta']);

    $member = call_json($ffi, 'loyalty_get_member', [$engine, 'demo', json_encode(['phone' => '+84 912 345 678'])]);
    printf("member %s (%s): %d points\n", $member['member_id'], $member['name'], $member['points']['available']);

    $redeemed = call_json($ffi, 'loyalty_redeem_points', [$engine, 'demo', json_encode([
        'member_id' => $member['member_id'], 'points' => 50, 'idempotency_key' => 'php-demo-1', 'reason' => 'voucher',
    ])]);
    printf("redeemed 50 points; %d left\n", $redeemed['points']['available']);

    // A refusal arrives as an exception carrying the status and the library's message.
    try {
        call_json($ffi, 'loyalty_redeem_points', [$engine, 'demo', json_encode([
            'member_id' => $member['member_id'], 'points' => 1000, 'idempotency_key' => 'php-demo-2', 'reason' => 'voucher',
        ])]);
    } catch (RuntimeException $e) {
        printf("refused (status %d): %s\n", $e->getCode(), $e->getMessage());
    }
} finally {
    $ffi->loyalty_close($engine);
    array_map('unlink', glob("$dir/*"));
    @rmdir($dir);
}
