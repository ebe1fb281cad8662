#!/usr/bin/env bash
# The Debian packages as an operator gets them: cpack builds them from this build tree, their contents and Depends
# are checked, dpkg installs them (maintainer scripts included) into a throwaway root, the installed loyaltyctl makes
# and reads a database, systemd-analyze verifies the installed unit, and then every `sh` block of docs/operations.md
# runs against that root, with the installed loyaltyd started from the installed unit's ExecStart.
# Usage: packages_test.sh CPACK CPACK_CONFIG SOURCE_DIR WORK_DIR
set -euo pipefail
# Under pipefail, a reader that stops early (grep -q at its first match, head) can kill the writer before it with
# SIGPIPE, and the pipeline then fails though it matched: now and then, under load. Every reader here reads to the end.
[[ $# -eq 4 ]] || { echo "usage: $0 CPACK CPACK_CONFIG SOURCE_DIR WORK_DIR" >&2; exit 2; }
cpack=$1 config=$2 source=$3 work=$4
started=$SECONDS

fail() { echo "FAIL: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

# Every tool is needed: a missing one fails the test by name (tools/install-deps.sh installs them all).
for tool in dpkg dpkg-deb dpkg-query dpkg-shlibdeps file readelf objcopy systemd-analyze systemd-sysusers \
            systemd-tmpfiles openssl curl sqlite3 python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run tools/install-deps.sh"
done
# The maintainer scripts hand the user and its folders to their owner; dpkg's chrootless mode runs them as the caller.
# Not root: the whole test runs again under fakeroot, which records those owners instead of setting them.
if [[ $(id -u) -ne 0 ]]; then
  command -v fakeroot >/dev/null || fail "fakeroot is missing (or run this test as root): run tools/install-deps.sh"
  exec fakeroot -- "$0" "$@"
fi

case "$work" in /|"$source"|"$source"/) fail "refusing to wipe $work" ;; esac
rm -rf "$work"
mkdir -p "$work"
out="$work/debs" root="$work/root"

# 1. The packages, from this build tree's CPack configuration.
"$cpack" --config "$config" -G DEB -B "$out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$config")
arch=$(dpkg --print-architecture)
[[ -n $version ]] || fail "no CPACK_PACKAGE_VERSION in $config"
deb() { echo "$out/${1}_${version}_${arch}.${2:-deb}"; }
for p in libloyalty0 libloyalty-dev loyaltyd loyaltyctl; do [[ -f $(deb $p) ]] || fail "no package $(deb $p)"; ok; done
for p in libloyalty0 loyaltyd loyaltyctl; do
  [[ -f $(deb $p-dbgsym ddeb) ]] || fail "no debug package $(deb $p-dbgsym ddeb)"; ok
done
echo "packages built in $((SECONDS - started)) s:"
(cd "$out" && ls -l -- *.deb *.ddeb | awk '{print "  " $5 "\t" $9}')

# 2. What each holds.
files() { dpkg-deb --contents "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
has() {  # PACKAGE PATTERN...: the package lists a path matching each pattern
  local package=$1 list; shift
  list=$(files "$package")
  for pattern in "$@"; do grep -qE "^${pattern}\$" <<<"$list" || fail "$(basename "$package") lacks $pattern:"$'\n'"$list"; ok; done
}
lacks() {
  local package=$1 list; shift
  list=$(files "$package")
  for pattern in "$@"; do ! grep -qE "^${pattern}\$" <<<"$list" || fail "$(basename "$package") must not hold $pattern"; ok; done
}
lib='/usr/lib(/[a-z0-9_-]+-linux-gnu)?'
has "$(deb libloyalty0)" "$lib/libloyalty\.so\.0" "$lib/libloyalty\.so\.$version" /usr/share/doc/libloyalty0/copyright
lacks "$(deb libloyalty0)" "$lib/libloyalty\.so" '/usr/include/.*' '/usr/lib/debug/.*'
has "$(deb libloyalty-dev)" /usr/include/loyalty/loyalty.h "$lib/libloyalty\.so" "$lib/cmake/loyalty/loyaltyConfig\.cmake" \
    "$lib/cmake/loyalty/loyaltyConfigVersion\.cmake" "$lib/cmake/loyalty/loyaltyTargets\.cmake" \
    "$lib/pkgconfig/loyalty\.pc" /usr/include/loyalty/loyalty_ffi\.h /usr/share/doc/libloyalty-dev/copyright
lacks "$(deb libloyalty-dev)" "$lib/libloyalty\.so\.0"
has "$(deb loyaltyd)" /usr/bin/loyaltyd /etc/loyalty/loyaltyd.json /usr/lib/systemd/system/loyaltyd.service \
    /usr/lib/sysusers.d/loyaltyd.conf /usr/lib/tmpfiles.d/loyaltyd.conf /usr/share/doc/loyaltyd/copyright \
    /usr/share/doc/loyaltyd/operations.md
has "$(deb loyaltyctl)" /usr/bin/loyaltyctl /usr/share/doc/loyaltyctl/copyright
for p in loyaltyd loyaltyctl libloyalty0 libloyalty-dev; do
  lacks "$(deb $p)" '/usr/local/.*' '/usr/lib/debug/.*'
done
grep -q 'License: Apache-2.0' "$source/packaging/copyright" || fail "the copyright file names no Apache-2.0 licence"; ok

# The binaries are stripped, each pointing to its debug file by build id, which its -dbgsym package holds.
x="$work/extract"
mkdir -p "$x"
for p in libloyalty0 loyaltyd loyaltyctl; do
  dpkg-deb -x "$(deb $p)" "$x/$p"
  dpkg-deb -x "$(deb $p-dbgsym ddeb)" "$x/$p-dbgsym"
done
stripped() {  # ELF DBGSYM_DIR
  local elf=$1 sections id debug
  sections=$(readelf -S --wide "$elf")
  ! grep -q '\.debug_info' <<<"$sections" || fail "$elf still holds .debug_info"; ok
  ! grep -q '\.symtab' <<<"$sections" || fail "$elf still holds .symtab"; ok
  grep -q '\.gnu_debuglink' <<<"$sections" || fail "$elf has no .gnu_debuglink to its debug file"; ok
  file -L "$elf" | grep ', stripped' >/dev/null || fail "file does not call $elf stripped: $(file -L "$elf")"; ok
  id=$(readelf -n "$elf" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
  [[ -n $id ]] || fail "$elf has no build id"
  debug="$2/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
  [[ -f $debug ]] || fail "the debug package lacks $debug for $elf"; ok
  readelf -S --wide "$debug" 2>/dev/null | grep '\.debug_info' >/dev/null || fail "$debug holds no .debug_info"; ok
}
stripped "$(find "$x/libloyalty0" -name 'libloyalty.so.*.*')" "$x/libloyalty0-dbgsym"
stripped "$x/loyaltyd/usr/bin/loyaltyd" "$x/loyaltyd-dbgsym"
stripped "$x/loyaltyctl/usr/bin/loyaltyctl" "$x/loyaltyctl-dbgsym"

# 3. Depends and the control files.
field() { dpkg-deb --field "$1" "$2"; }
depends_on() {  # PACKAGE DEPENDENCY-REGEX...
  local d; d=$(field "$1" Depends)
  for want in "${@:2}"; do
    grep -qE "(^|, )${want}(,|$)" <<<"$d" || fail "$(basename "$1"): Depends [$d] lacks $want"; ok
  done
}
same="libloyalty0 \(= ${version//./\\.}\)"
depends_on "$(deb libloyalty0)" 'libc6 \(>= [^)]+\)' 'libsqlite3-0 \(>= [^)]+\)' 'libssl3 \(>= [^)]+\)' 'libpq5( \([^)]+\))?'
depends_on "$(deb libloyalty-dev)" "$same"
depends_on "$(deb loyaltyd)" "$same" 'libc6 \(>= [^)]+\)' 'systemd'
depends_on "$(deb loyaltyctl)" "$same" 'libsqlite3-0 \(>= [^)]+\)'
depends_on "$(deb libloyalty0-dbgsym ddeb)" "$same"
! field "$(deb libloyalty0)" Depends | grep libloyalty >/dev/null || fail "libloyalty0 depends on itself"; ok
dpkg-deb --info "$(deb libloyalty0)" shlibs | grep -x "libloyalty 0 libloyalty0 (>= $version)" >/dev/null \
  || fail "libloyalty0 has no shlibs file for packages built against it"; ok
dpkg-deb --info "$(deb loyaltyd)" conffiles | grep -x /etc/loyalty/loyaltyd.json >/dev/null \
  || fail "/etc/loyalty/loyaltyd.json is not a conffile"; ok
for script in postinst prerm postrm; do
  dpkg-deb --info "$(deb loyaltyd)" "$script" | sed -n 1p | grep '^#!/bin/sh' >/dev/null || fail "loyaltyd has no $script"; ok
done
for script in postinst postrm; do
  dpkg-deb --info "$(deb libloyalty0)" "$script" | grep 'ldconfig ${DPKG_ROOT:+-r "$DPKG_ROOT"}' >/dev/null \
    || fail "libloyalty0's $script does not run ldconfig in the root being installed into"; ok
done
for p in libloyalty0 libloyalty-dev loyaltyd loyaltyctl; do
  [[ $(field "$(deb $p)" Version) == "$version" ]] || fail "$p is not version $version"; ok
  [[ $(field "$(deb $p)" Package) == "$p" ]] || fail "$(deb $p) is not named $p"; ok
done

# 4. Installed by dpkg, maintainer scripts and all, into a throwaway root. --force-script-chrootless runs the scripts
# here with DPKG_ROOT set, so they must act inside the root; --force-depends: the root has no libc6 or systemd.
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg_root() {
  dpkg --root="$root" --admindir="$root/var/lib/dpkg" --log=/dev/null --force-not-root --force-script-chrootless \
       --force-depends --no-triggers "$@"
}
# The debug packages go in a second call: in one, dpkg may configure them before the packages they belong to.
dpkg_root --install "$(deb libloyalty0)" "$(deb libloyalty-dev)" "$(deb loyaltyd)" "$(deb loyaltyctl)" \
  >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --install into $root"; }
dpkg_root --install "$(deb libloyalty0-dbgsym ddeb)" "$(deb loyaltyd-dbgsym ddeb)" "$(deb loyaltyctl-dbgsym ddeb)" \
  >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --install of the debug packages into $root"; }
# The only dependencies dpkg may find missing are the system's, never one package of ours on another.
if grep -E 'depends on (libloyalty|loyalty)' "$work/dpkg.log"; then fail "a package of ours lacks another of ours"; fi; ok
for p in libloyalty0 libloyalty-dev loyaltyd loyaltyctl libloyalty0-dbgsym loyaltyd-dbgsym loyaltyctl-dbgsym; do
  status=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' "$p")
  [[ $status == "install ok installed" ]] || fail "$p is [$status] in the root"; ok
done
# libloyalty0's postinst ran ldconfig in the root: its loader cache, not the host's, knows the library.
ldconfig -r "$root" -p 2>/dev/null | grep 'libloyalty\.so\.0 ' >/dev/null || fail "the root's loader cache lacks libloyalty.so.0"; ok
# What loyaltyd's postinst made: the user, its state folder, the configuration readable by root and its group only.
grep -q '^loyalty:x:[0-9]*:[0-9]*:.*:/var/lib/loyalty:' "$root/etc/passwd" || fail "postinst made no user loyalty"; ok
uid=$(awk -F: '$1 == "loyalty" {print $3}' "$root/etc/passwd")
gid=$(awk -F: '$1 == "loyalty" {print $3}' "$root/etc/group")
[[ $(stat -c '%u:%g %a' "$root/var/lib/loyalty") == "$uid:$gid 750" ]] \
  || fail "/var/lib/loyalty is $(stat -c '%u:%g %a' "$root/var/lib/loyalty"), not $uid:$gid 750"; ok
[[ $(stat -c '%u:%g %a' "$root/etc/loyalty/loyaltyd.json") == "0:$gid 640" ]] \
  || fail "loyaltyd.json is $(stat -c '%u:%g %a' "$root/etc/loyalty/loyaltyd.json"), not 0:$gid 640"; ok

# 5. The installed loyaltyctl, on the installed library.
libdir=$(dirname "$(find "$root/usr/lib" -name 'libloyalty.so.0' -print -quit)")
# Before fakeroot's own entry, when it runs under fakeroot.
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
ldd "$root/usr/bin/loyaltyctl" | grep "=> $libdir/libloyalty.so.0" >/dev/null || fail "loyaltyctl does not load $libdir's library"; ok
[[ $("$root/usr/bin/loyaltyctl" --version) == "loyaltyctl $version" ]] || fail "loyaltyctl --version"; ok
[[ $("$root/usr/bin/loyaltyd" --version) == "loyaltyd $version" ]] || fail "loyaltyd --version"; ok
db="$work/ctl.db"
"$root/usr/bin/loyaltyctl" --db "$db" shop put "$source/examples/demo-shop.json" >/dev/null || fail "shop put"
"$root/usr/bin/loyaltyctl" --db "$db" order record demo "$source/examples/demo-order.json" >/dev/null || fail "order record"
member=$("$root/usr/bin/loyaltyctl" --db "$db" member show demo --phone 0912345678) || fail "member show"
grep -q '"available": 113' <<<"$member" || fail "the installed loyaltyctl read back [$member]"; ok

# 6. The installed unit passes systemd-analyze verify. verify needs the ExecStart binary to exist, so it checks a
# copy whose /usr/bin/loyaltyd is the root's; every other line is the installed unit's.
unit="$root/usr/lib/systemd/system/loyaltyd.service"
grep -qx 'ExecStart=/usr/bin/loyaltyd --config /etc/loyalty/loyaltyd.json' "$unit" || fail "the unit's ExecStart changed"; ok
for setting in ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes StateDirectory=loyalty \
               ConfigurationDirectory=loyalty User=loyalty ProtectHome=yes 'ExecReload=/bin/kill -HUP $MAINPID' \
               'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' CapabilityBoundingSet=; do
  grep -qxF "$setting" "$unit" || fail "the unit lacks $setting"; ok
done
! grep -q '^AmbientCapabilities=.' "$unit" || fail "the unit grants a capability, which port 8443 does not need"; ok
mkdir -p "$work/verify"
sed "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" "$unit" >"$work/verify/loyaltyd.service"
systemd-analyze verify "$work/verify/loyaltyd.service" >"$work/verify.log" 2>&1 \
  || { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
# verify reports some problems only as messages; any line naming the unit is one.
if grep -i 'loyaltyd.service' "$work/verify.log"; then fail "systemd-analyze verify complained"; fi; ok
exposure=$(systemd-analyze security --offline=true "$work/verify/loyaltyd.service" 2>/dev/null | tail -1)
[[ $exposure =~ exposure\ level.*\ ([0-9]+\.[0-9]+)\  ]] || fail "systemd-analyze security said [$exposure]"
awk -v e="${BASH_REMATCH[1]}" 'BEGIN {exit !(e <= 2.0)}' || fail "the unit's exposure is $exposure (more than 2.0)"; ok

# 7. docs/operations.md: every sh block, in order, in one shell, against the root.
bin="$work/bin" state="$work/state" docs="$work/doc"
mkdir -p "$bin" "$state" "$docs"
cp "$out"/*.deb "$docs/"
real_tmpfiles=$(command -v systemd-tmpfiles)
cat >"$bin/sudo" <<'EOF'
#!/usr/bin/env bash
# The test runs as root: sudo runs the command as it is; -u USER is not tried (the user exists only in the root).
while [[ $# -gt 0 && $1 == -* ]]; do case $1 in -u) shift 2 ;; *) shift ;; esac; done
exec "$@"
EOF
cat >"$bin/apt" <<'EOF'
#!/usr/bin/env bash
# dpkg installed the packages already: apt install checks that each file named is one of them, installed.
[[ $1 == install ]] || { echo "apt stand-in: only install" >&2; exit 1; }
shift
for f in "$@"; do
  [[ -f $f ]] || { echo "apt stand-in: no file $f" >&2; exit 1; }
  p=$(dpkg-deb --field "$f" Package)
  [[ $(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Status}' "$p") == "install ok installed" ]] \
    || { echo "apt stand-in: $p is not installed in the root" >&2; exit 1; }
done
EOF
cat >"$bin/systemd-tmpfiles" <<EOF
#!/usr/bin/env bash
exec "$real_tmpfiles" --root="\$ROOT" "\$@"
EOF
cat >"$bin/journalctl" <<'EOF'
#!/usr/bin/env bash
# The output of the loyaltyd the systemctl stand-in started, whatever unit or range is asked for.
cat "$STATE/loyaltyd.log"
EOF
cat >"$bin/systemctl" <<'EOF'
#!/usr/bin/env bash
# The installed unit's ExecStart as a child process: its binary and configuration taken from the root, the store's
# path moved into the root and the port chosen by the kernel (the doc's 8443 becomes it).
set -euo pipefail
wait_for() {  # DESCRIPTION COMMAND...: polls a condition, bounded to 30 s
  local i
  for ((i = 0; i < 600; i++)); do "${@:2}" && return 0; sleep 0.05; done
  echo "systemctl stand-in: timed out waiting for $1" >&2; cat "$STATE/loyaltyd.log" >&2; exit 1
}
running() { [[ -f $STATE/pid ]] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null; }
listening() { grep -q '"message":"loyaltyd [^"]* listening"' "$STATE/loyaltyd.log"; }
start() {
  running && return 0
  local exec_start binary config rooted
  exec_start=$(sed -n 's/^ExecStart=//p' "$ROOT/usr/lib/systemd/system/loyaltyd.service")
  read -r binary _ config <<<"$exec_start"
  rooted="$ROOT${config%/*}/.test-rooted-${config##*/}"
  python3 - "$ROOT$config" "$rooted" "$ROOT" <<'PY'
import json, sys
source, target, root = sys.argv[1:]
config = json.load(open(source))
config["storage"] = config["storage"].replace("sqlite:/", "sqlite:" + root + "/", 1)
config["listen"]["port"] = 0
json.dump(config, open(target, "w"))
PY
  : >"$STATE/loyaltyd.log"
  "$ROOT$binary" --config "$rooted" 2>>"$STATE/loyaltyd.log" &
  echo $! >"$STATE/pid"
  wait_for "loyaltyd to listen" listening
  sed -n 's/.*listening","port":\([0-9]*\).*/\1/p' "$STATE/loyaltyd.log" | sed -n 1p >"$STATE/port"
}
stop() {
  running || return 0
  kill -TERM "$(cat "$STATE/pid")"
  wait_for "loyaltyd to stop" bash -c "! kill -0 $(cat "$STATE/pid") 2>/dev/null"
  rm -f "$STATE/pid"
}
reloaded() { [[ $(grep -c 'SIGHUP: reloaded the TLS certificate' "$STATE/loyaltyd.log") -gt $1 ]]; }
[[ ${*: -1} == loyaltyd || ${*: -1} == loyaltyd.service || $1 == daemon-reload ]] \
  || { echo "systemctl stand-in: only loyaltyd: $*" >&2; exit 1; }
case "$1" in
  daemon-reload) ;;
  enable) [[ $2 == --now ]] && start ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  reload)
    before=$(grep -c 'SIGHUP: reloaded the TLS certificate' "$STATE/loyaltyd.log" || true)
    kill -HUP "$(cat "$STATE/pid")"
    wait_for "the SIGHUP reload" reloaded "$before" ;;
  *) echo "systemctl stand-in: $1 is not handled" >&2; exit 1 ;;
esac
EOF
chmod +x "$bin"/*
cleanup() { [[ -f $state/pid ]] && kill -TERM "$(cat "$state/pid")" 2>/dev/null || true; }
trap cleanup EXIT

# The blocks, each path into the root and 8443 into the port the stand-in's loyaltyd got.
python3 - "$source/docs/operations.md" "$work/operations.sh" <<'PY'
import re, sys
source, target = sys.argv[1:]
lines = open(source, encoding="utf-8").read().split("\n")
script, block, start = [], None, 0
for number, line in enumerate(lines, 1):
    if block is None and line == "```sh":
        block, start = [], number
    elif block is not None and line == "```":
        script.append(f'echo "--- docs/operations.md:{start}" >&2')
        script.extend(block)
        block = None
    elif block is not None:
        line = re.sub(r'(^|[\s=\'"(])/(etc|var|usr)/', r'\1$ROOT/\2/', line)
        line = line.replace("localhost:8443", 'localhost:$(cat "$STATE/port")')
        block.append(line)
if block is not None:
    sys.exit(f"{source}:{start}: a sh block is not closed")
if not script:
    sys.exit(f"{source}: no sh blocks")
open(target, "w", encoding="utf-8").write("set -euo pipefail\n" + "\n".join(script) + "\n")
PY
blocks=$(grep -c '^echo "--- docs/operations.md:' "$work/operations.sh")
(cd "$docs" && ROOT="$root" STATE="$state" PATH="$bin:$root/usr/bin:$PATH" bash -x "$work/operations.sh") \
  >"$work/operations.log" 2>&1 || { tail -40 "$work/operations.log" >&2; fail "a step of docs/operations.md failed"; }
ok
[[ ! -f $state/pid ]] || fail "docs/operations.md left loyaltyd running"; ok
# The doc's backup was restored: the restored store is the one loyaltyd served its last answers from.
ls "$root"/var/backups/loyalty/loyalty-*.db >/dev/null || fail "the doc's backup is not there"; ok

echo "packages: $checks checks and $blocks blocks of docs/operations.md passed in $((SECONDS - started)) s"
