<?php
// Loyalty\Engine from the command line: loaded as Composer would load it, from composer.json's PSR-4 map,
// on an FFI instance of its own (FFI::cdef, which the CLI may use even under ffi.enable=preload).
//   php cli_test.php --header=loyalty_ffi.h --library=libloyalty.so.0 --version=X.Y.Z

declare(strict_types=1);

use Loyalty\Engine;
use Loyalty\LoyaltyException;

function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "cli_test: $what\n");
        exit(1);
    }
}

$options = getopt('', ['header:', 'library:', 'version:']);
check(isset($options['header'], $options['library'], $options['version']), '--header, --library and --version are required');

$binding = dirname(__DIR__);
$composer = json_decode(file_get_contents("$binding/composer.json"), true, 512, JSON_THROW_ON_ERROR);
check($composer['name'] === 'loyalty/loyalty-engine', 'composer.json: name');
check($composer['license'] === 'Apache-2.0', 'composer.json: license');
check(isset($composer['require']['ext-ffi']), 'composer.json: require ext-ffi');
$psr4 = $composer['autoload']['psr-4'];
spl_autoload_register(static function (string $class) use ($psr4, $binding): void {
    foreach ($psr4 as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = "$binding/$dir" . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
        }
    }
});

// Without preload.php there is no scope to fall back on: a clear error, not a crash.
try {
    new Engine(['storage' => 'sqlite::memory:']);
    check(false, 'an engine opened without the LOYALTY scope or an FFI instance');
} catch (LogicException $e) {
    check(str_contains($e->getMessage(), 'preload.php'), 'the missing scope is explained: ' . $e->getMessage());
}

$ffi = FFI::cdef(file_get_contents($options['header']), $options['library']);
$engine = new Engine('{"storage": "sqlite::memory:"}', $ffi);
check($engine->version() === $options['version'], 'version: ' . $engine->version());
$engine->putShop(['shop_id' => 'demo', 'earn' => ['spend_per_point' => 10000]]);
$order = $engine->recordOrder('demo', ['order_id' => 'C-1', 'status' => 'paid', 'amount' => 250000,
                                       'customer' => ['platform' => 'pos', 'customer_id' => 'K-1']]);
check($order['points_delta'] === 25, 'points for 250,000 VND: ' . json_encode($order));
check($engine->getBalance('demo', $order['member_id']) === ['available' => 25, 'pending' => 0], 'balance');
check($engine->getMember('demo', ['platform' => 'pos', 'customer_id' => 'K-1'])['member_id'] === $order['member_id'],
      'the member found by platform reference');
try {
    $engine->putShop(['shop_id' => 'demo']);
    check(false, 'a shop without "earn" was accepted');
} catch (LoyaltyException $e) {
    check($e->getCode() === 1 && $e->statusName === 'invalid_argument' && $e->getMessage() !== '',
          "the refusal's status: {$e->getCode()} {$e->statusName}: {$e->getMessage()}");
}
try {
    $engine->recordOrder("demo\0other", ['order_id' => 'C-2']);
    check(false, 'a NUL in a shop id was passed on');
} catch (ValueError $e) {
}
$engine->close();
$engine->close();
echo "composer autoload, FFI::cdef, calls and refusals as expected\n";
