#!/usr/bin/env bash
# Runs one command beside a private openCryptoki soft token (swtok), for the PKCS#11 tests.
#
#   tests/opencryptoki-sandbox.sh DIR -- COMMAND [ARG...]
#
# openCryptoki 3.8 hard-codes its paths: /etc/opencryptoki/opencryptoki.conf, the token store
# /var/lib/opencryptoki/swtok, the locks in /var/lock/opencryptoki, and the slot daemon's socket and pid file in
# /var/run. So the command runs in a mount namespace of its own where those paths are DIR's, with a private
# /dev/shm (the token library's shared state) and an IPC namespace of its own (pkcsslotd's System V shared memory
# has one fixed ftok key, so two sandboxes running at once would otherwise share their slot table), and in a PID
# namespace of its own, so that the daemon cannot outlive the run: when the namespace's first process ends, the
# kernel kills whatever is left.
#
# The first run prepares DIR (configuration with one software slot, slot 0); the token it holds is
# uninitialized until the command initializes it (C_InitToken with openCryptoki's default SO PIN 87654321).
# The token's state, including the failed-login counters, stays in DIR/lib between runs, like a card between
# two insertions. The exit code is the command's; 125 means the sandbox itself could not be set up.
# Needs root (mount and PID namespaces, group pkcs11) and the Debian package opencryptoki.
set -uo pipefail

readonly SOFT_TOKEN_LIBRARY=libpkcs11_sw.so

die() {
  echo "opencryptoki-sandbox: $*" >&2
  exit 125
}

usage() {
  die "kullanım / usage: $0 DIR -- COMMAND [ARG...]"
}

prepare() {
  local dir=$1
  [[ -f $dir/etc/opencryptoki.conf ]] && return
  mkdir -p "$dir"/etc "$dir"/lib/swtok/TOK_OBJ "$dir"/run/lock/opencryptoki/swtok "$dir"/log ||
    die "$dir hazırlanamadı / could not prepare $dir"
  printf 'version opencryptoki-3.1\nslot 0\n{\nstdll = %s\n}\n' "$SOFT_TOKEN_LIBRARY" >"$dir/etc/opencryptoki.conf"
  # pkcsslotd and the token library refuse a store or lock directory not owned by group pkcs11.
  chgrp -R pkcs11 "$dir" && chmod -R 770 "$dir/lib" "$dir/run/lock" ||
    die "$dir izinleri ayarlanamadı / could not set permissions on $dir"
}

# Inside the namespaces, as their first process (PID 1).
inside() {
  local dir=$1
  shift
  mount --bind "$dir/etc" /etc/opencryptoki &&
    mount --bind "$dir/lib" /var/lib/opencryptoki &&
    mount --bind "$dir/run" /run &&
    mount -t tmpfs -o mode=1777 muhur-ock-shm /dev/shm ||
    die "bağlama başarısız / mount failed"
  # The package creates /var/log/opencryptoki; cover it so that nothing of the run lands in the host's logs.
  if [[ -d /var/log/opencryptoki ]]; then
    mount --bind "$dir/log" /var/log/opencryptoki || die "bağlama başarısız / mount failed"
  fi

  # pkcsslotd forks into the background; its pid file is /var/run/pkcsslotd.pid (now DIR/run). A pid file or
  # socket left by a daemon that was killed (the run was killed) is stale: this namespace is new.
  rm -f /run/pkcsslotd.pid /run/pkcsslotd.socket
  pkcsslotd >>"$dir/log/pkcsslotd.out" 2>&1 || die "pkcsslotd başlamadı / pkcsslotd did not start (see $dir/log)"
  trap stop_daemon EXIT
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s /run/pkcsslotd.pid && -S /run/pkcsslotd.socket ]] && break
    sleep 0.05
  done
  [[ -S /run/pkcsslotd.socket ]] || die "pkcsslotd soketi açmadı / pkcsslotd opened no socket"

  "$@"
  local rc=$?
  exit "$rc"
}

stop_daemon() {
  local pid
  pid=$(cat /run/pkcsslotd.pid 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  return 0
}

if [[ ${1:-} == --inside ]]; then
  shift
  dir=$1
  shift 2 # DIR --
  inside "$dir" "$@"
fi

[[ $# -ge 3 && $2 == -- ]] || usage
dir=$(realpath -m -- "$1")
shift 2

[[ $(id -u) -eq 0 ]] || die "root gerekiyor (bağlama, IPC ve PID ad alanları) / needs root (mount, IPC and PID namespaces)"
command -v pkcsslotd >/dev/null || die "pkcsslotd yok; kurun: apt-get install -y opencryptoki / pkcsslotd missing"
getent group pkcs11 >/dev/null || die "pkcs11 grubu yok; kurun: apt-get install -y opencryptoki / group pkcs11 missing"
prepare "$dir"

# --kill-child: if this script is killed, the namespace's first process is killed too, and with it the daemon.
exec unshare --mount --propagation private --ipc --pid --fork --mount-proc --kill-child \
  -- bash "${BASH_SOURCE[0]}" --inside "$dir" -- "$@"
