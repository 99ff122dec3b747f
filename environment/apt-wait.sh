# Sourced by setup.sh: run an apt-get command, waiting (bounded) while another apt/dpkg process holds its lock
# (unattended-upgrades, a second set-up) instead of failing at once.
#   apt_wait apt-get install -y foo
# APT_LOCK_WAIT_S: how long to wait in all (default 600 s); APT_LOCK_POLL_S: between tries (default 10 s).
apt_wait() {
  local deadline=$((SECONDS + ${APT_LOCK_WAIT_S:-600})) out status
  while :; do
    out="$("$@" 2>&1)" && status=0 || status=$?
    if ((status == 0)); then
      [ -n "$out" ] && printf '%s\n' "$out"
      return 0
    fi
    if grep -qiE 'could not get lock|unable to (acquire|lock)|is another process using it' <<<"$out" && ((SECONDS < deadline)); then
      printf '[setup] another apt/dpkg process holds the package lock; waiting (up to %d s more)\n' "$((deadline - SECONDS))" >&2
      sleep "${APT_LOCK_POLL_S:-10}"
      continue
    fi
    printf '%s\n' "$out" >&2
    return "$status"
  done
}
