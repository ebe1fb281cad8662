<?php
// Loyalty\Engine in a web server with Debian's default ffi.enable=preload: starts `php -S` on a free
// loopback port with opcache preloading preload.php, requests tests/served/scenario.php twice over HTTP
// and checks the answers, refusals included.
//   php serve_test.php --header=loyalty_ffi_preload.h --library-dir=DIR --work-dir=DIR
// The library is found as in production: FFI_LIB "libloyalty.so.0" through the loader (LD_LIBRARY_PATH).
//
// Two ways to declare the FFI scope, each served in turn:
// - ffi.preload names the header, and preload.php preloads the classes: what works for any user;
// - preload.php loads the header itself with FFI::load. PHP refuses that when the server starts as root
//   (preloading then runs as opcache.preload_user, in a child): as root, the server must refuse to start
//   with preload.php's explanation.

declare(strict_types=1);

const STARTUP_SECONDS = 30;
const REQUEST_SECONDS = 60;

function fail(string $message, string $log = ''): never
{
    fwrite(STDERR, "serve_test: $message\n" . ($log === '' ? '' : "server output:\n$log\n"));
    exit(1);
}

function expect(mixed $actual, mixed $expected, string $what, string $log): void
{
    if ($actual !== $expected) {
        fail("$what: expected " . var_export($expected, true) . ', got ' . var_export($actual, true), $log);
    }
}

final class Server
{
    public string $log = '';
    public ?int $port = null;
    /** @var resource */
    private $process;
    /** @var array<int, resource> */
    private array $pipes = [];

    /** @param list<string> $command @param array<string, string> $env */
    public function __construct(array $command, array $env)
    {
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
                             $this->pipes, null, $env);
        if ($process === false) {
            fail("could not start $command[0] -S");
        }
        $this->process = $process;
        // The server says "Development Server (http://127.0.0.1:PORT) started" once it listens: read what it
        // writes as it comes, until that line, its exit, or the bound.
        $deadline = microtime(true) + STARTUP_SECONDS;
        while ($this->port === null && ($left = $deadline - microtime(true)) > 0) {
            $read = $this->pipes;
            $none = null;
            if (stream_select($read, $none, $none, (int) ceil($left)) === 0) {
                continue;
            }
            $ended = 0;
            foreach ($read as $pipe) {
                $chunk = fread($pipe, 8192);
                $ended += ($chunk === '' || $chunk === false) ? 1 : 0;
                $this->log .= (string) $chunk;
            }
            if (preg_match('~Development Server \(http://127\.0\.0\.1:(\d+)\) started~', $this->log, $m)) {
                $this->port = (int) $m[1];
            } elseif ($ended === count($this->pipes)) {
                return;   // both pipes closed: the server exited without listening
            }
        }
        foreach ($this->pipes as $pipe) {
            stream_set_blocking($pipe, false);
        }
    }

    /** @return array<string, mixed> */
    public function get(string $path): array
    {
        $context = stream_context_create(['http' => ['timeout' => REQUEST_SECONDS, 'ignore_errors' => true]]);
        $body = @file_get_contents("http://127.0.0.1:{$this->port}$path", false, $context);
        foreach ($this->pipes as $pipe) {
            $this->log .= stream_get_contents($pipe);
        }
        $status = $http_response_header[0] ?? 'no response';
        if ($body === false || !str_contains($status, ' 200 ')) {
            fail("$path: $status\n" . ($body ?: ''), $this->log);
        }
        try {
            return json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException) {
            fail("$path answered what is not JSON: $body", $this->log);
        }
    }

    public function stop(): void
    {
        proc_terminate($this->process);
        proc_close($this->process);
    }
}

function scenario(Server $server, string $how, string $libraryDir): void
{
    $memberId = null;
    foreach (['record', 'read'] as $step) {
        $what = "$how, $step";
        $answer = $server->get("/scenario.php?step=$step");
        expect(dirname((string) $answer['library']), realpath($libraryDir), "$what: the library's directory",
               $server->log);
        expect($answer['ffi_enable'], 'preload', "$what: ffi.enable", $server->log);
        expect($answer['cdef']['thrown'], 'FFI\Exception', "$what: a request's own FFI::cdef", $server->log);
        foreach (['Loyalty\Engine', 'Loyalty\LoyaltyException'] as $class) {
            if (!in_array($class, $answer['preloaded'], true)) {
                fail("$what: $class was not preloaded: " . json_encode($answer['preloaded']), $server->log);
            }
        }
        if ($step === 'record') {
            expect($answer['order']['applied'], true, "$what: applied", $server->log);
            expect($answer['order']['points_delta'], 113, "$what: points for 1,130,000 VND at 10,000 a point",
                   $server->log);
            $memberId = $answer['order']['member_id'];
            continue;
        }
        expect($answer['member_id'], $memberId, "$what: the member found by phone", $server->log);
        expect($answer['balance'], ['available' => 113, 'pending' => 0], "$what: balance", $server->log);
        $refusals = ['unknown_member' => [2, 'not_found'], 'unknown_shop' => [2, 'not_found'],
                     'bad_json' => [1, 'invalid_argument'], 'closed' => [1, 'invalid_argument']];
        foreach ($refusals as $case => [$code, $name]) {
            $refusal = $answer[$case];
            expect($refusal['thrown'], 'Loyalty\LoyaltyException', "$what: $case", $server->log);
            expect([$refusal['code'], $refusal['status_name']], [$code, $name], "$what: $case status", $server->log);
            if ($refusal['message'] === '') {
                fail("$what: $case has no message", $server->log);
            }
        }
    }
    echo "$how: shop, order, member, balance and four refusals as expected\n";
}

$options = getopt('', ['header:', 'library-dir:', 'work-dir:']);
foreach (['header', 'library-dir', 'work-dir'] as $name) {
    if (!isset($options[$name])) {
        fail("--$name is required");
    }
}
foreach (['FFI', 'Zend OPcache'] as $extension) {
    if (!extension_loaded($extension)) {
        fail("PHP lacks the $extension extension (Debian: php8.2-common and php8.2-opcache, pulled in by php-cli)");
    }
}
$binding = dirname(__DIR__);
$work = $options['work-dir'];
if (!is_dir($work) && !mkdir($work, 0777, true)) {
    fail("cannot make $work");
}
$root = posix_geteuid() === 0;
// As root, a server SAPI preloads only as opcache.preload_user; naming the current user satisfies it.
$user = posix_getpwuid(posix_geteuid())['name'];
$php = [PHP_BINARY, '-d', 'opcache.enable=1', '-d', 'opcache.enable_cli=1',
        '-d', "opcache.preload=$binding/preload.php", '-d', "opcache.preload_user=$user", '-d', 'ffi.enable=preload'];
$serve = ['-S', '127.0.0.1:0', '-t', "$binding/tests/served"];
$env = getenv();
unset($env['LOYALTY_LIBRARY']);
$env['LD_LIBRARY_PATH'] = $options['library-dir'] . (isset($env['LD_LIBRARY_PATH']) ? ':' . $env['LD_LIBRARY_PATH'] : '');

$ways = ['ffi.preload' => [['-d', "ffi.preload={$options['header']}"], []],
         'FFI::load in preload.php' => [[], ['LOYALTY_FFI_HEADER' => $options['header']]]];
foreach ($ways as $how => [$ini, $extraEnv]) {
    $db = "$work/" . preg_replace('/\W+/', '-', $how) . '.db';
    @unlink($db);
    $server = new Server([...$php, ...$ini, ...$serve], ['LOYALTY_TEST_STORAGE' => "sqlite:$db"] + $extraEnv + $env);
    try {
        if ($how === 'FFI::load in preload.php' && $root) {
            expect($server->port, null, "$how, as root: the server must refuse to start", $server->log);
            if (!str_contains($server->log, "needs ffi.preload={$options['header']}")) {
                fail("$how, as root: preload.php did not say to use ffi.preload", $server->log);
            }
            echo "$how: refused as root, with preload.php's explanation (run as another user to serve it)\n";
            continue;
        }
        if ($server->port === null) {
            fail("$how: php -S did not start listening", $server->log);
        }
        scenario($server, "$how (port {$server->port})", $options['library-dir']);
    } finally {
        $server->stop();
    }
}
