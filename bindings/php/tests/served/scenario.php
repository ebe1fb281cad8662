<?php
// Served by `php -S` in the test serve_test.php: each request uses Loyalty\Engine through the preloaded
// FFI scope, as a php-fpm request would, and answers with what it saw, as JSON. ?step=record puts the shop
// and records an order; ?step=read, a later request, reads them back and collects the library's refusals.

declare(strict_types=1);

use Loyalty\Engine;
use Loyalty\LoyaltyException;

const SHOP = ['shop_id' => 'demo', 'timezone' => 'Asia/Ho_Chi_Minh', 'earn' => ['spend_per_point' => 10000]];
const ORDER = ['order_id' => 'P-1', 'status' => 'paid', 'amount' => 1130000,
               'customer' => ['platform' => 'pos', 'customer_id' => 'C-1', 'phone' => '0912345678']];

/** @return array<string, mixed> how a refused call surfaced */
function refusal(callable $call): array
{
    try {
        $call();
        return ['thrown' => null];
    } catch (Throwable $e) {
        return ['thrown' => get_class($e), 'code' => $e->getCode(), 'message' => $e->getMessage(),
                'status_name' => $e instanceof LoyaltyException ? $e->statusName : null];
    }
}

header('Content-Type: application/json');
$answer = [
    'ffi_enable' => ini_get('ffi.enable'),
    'preloaded' => opcache_get_status(false)['preload_statistics']['classes'] ?? [],
    // Only the preloaded scope may be used from a request: a request's own FFI::cdef must be refused.
    'cdef' => refusal(static fn () => FFI::cdef('int abs(int);')),
    // Which libloyalty the loader mapped into this server, so the test knows it is the one under test.
    'library' => preg_match('~\S*/libloyalty\.so[^/\s]*$~m', (string) file_get_contents('/proc/self/maps'), $m)
        ? $m[0] : null,
];
$engine = new Engine(['storage' => getenv('LOYALTY_TEST_STORAGE')]);
switch ($_GET['step'] ?? '') {
    case 'record':
        $engine->putShop(SHOP);
        $answer['order'] = $engine->recordOrder('demo', ORDER);
        break;
    case 'read':
        $member = $engine->getMember('demo', ['phone' => '0912 345 678']);
        $answer['member_id'] = $member['member_id'];
        $answer['balance'] = $engine->getBalance('demo', $member['member_id']);
        $answer['unknown_member'] = refusal(static fn () => $engine->getMember('demo', ['member_id' => 'm_nobody']));
        $answer['unknown_shop'] = refusal(static fn () => $engine->getBalance('nowhere', $member['member_id']));
        $answer['bad_json'] = refusal(static fn () => $engine->recordOrder('demo', '{"order_id": '));
        $engine->close();
        $answer['closed'] = refusal(static fn () => $engine->getBalance('demo', $member['member_id']));
        break;
    default:
        http_response_code(404);
}
echo json_encode($answer, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES), "\n";
