# Sourced by codec-cpu.sh and vcf-bodies.sh: CPU seconds of a command and a Markdown row of MB/s.
# Needs $w, a scratch directory.
cpu() { # command...: prints the user + sys seconds it took
  /usr/bin/time -f "%U %S" -o "$w/t" "$@" > /dev/null 2>&1
  awk '{print $1 + $2}' "$w/t"
}
row() { # file method bytes encode-s decode-s
  local mb; mb=$(stat -c %s "$1" | awk '{print $1 / 1e6}')
  printf '| %s | %s | %s | %s | %s |\n' "$(basename "$1")" "$2" "$(echo "$3" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
    "$(awk -v m="$mb" -v s="$4" 'BEGIN {printf "%.1f", m / s}')" \
    "$(awk -v m="$mb" -v s="$5" 'BEGIN {printf "%.1f", m / s}')"
}
