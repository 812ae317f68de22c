#!/bin/sh
# The command's conventions: "did you mean" for an unknown command or option; each command's
# --help lists exactly the options of its row in the README's "Options by command" table; the
# man page made at build time has every command and option and no groff warning; the bash
# completion offers the commands, a command's options and --format's values.
# usage: conventions.sh FRONTLINE MANPAGE   (FL_SOURCE_DIR and FL_TEST_TMP in the environment)
e2e_name=e2e-conventions
. "$(dirname "$0")/lib.sh"
man_page=$2

expect() {
  if [ "$2" = "$3" ]; then ok; else fail "$1: got '$3', expected '$2'"; fi
}

# --- did you mean
expect_exit 2 "unknown command 'stat'; did you mean 'state'?" stat reports/*.txt
expect_exit 2 "unknown command 'rendr'; did you mean 'render'?" rendr reports/*.txt
expect_exit 2 "unknown command 'draw' (see 'frontline --help')" draw reports/*.txt
expect_exit 2 "unknown option '--fromat'; did you mean '--format'? (see 'frontline state --help')" \
  state --fromat gpkg reports/*.txt
expect_exit 2 "did you mean '--as-known-on'?" render --as-known 2024-12-01 reports/*.txt
expect_exit 2 "did you mean '--corrections'?" timeline --corections=x.tsv Homs reports/*.txt
expect_exit 2 "did you mean '--video-frame-ms'?" batch --video-frame-m 10 reports/*.txt
expect_exit 2 "unknown option '--zzz' (see" state --zzz reports/*.txt
expect_exit 2 "unknown option '--layer' for render: an option of state (see" \
  render --layer zones reports/*.txt
expect_exit 2 "unknown option '--date' for places: an option of state, render, regions" \
  places --date 2024-12-01 reports/*.txt
expect_exit 2 "Unknown option -x" state -x reports/*.txt

# --- the help, the README's table and the man page list the same options
LC_ALL=C.UTF-8
export LC_ALL
# help_options COMMAND: its long options, sorted, one a line
help_options() {
  "$frontline" "$1" --help | sed -n '/^Application Options:/,$p' |
    sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort
}
# readme_options COMMAND: the options of the command's row of the table
readme_options() {
  sed -n '/^### Options by command/,/^### /p' README.md |
    awk -F' [|] ' -v command="\`$1\`" 'index($1, command) { print $2 }' |
    grep -o -- '--[a-z][a-z-]*' | sort
}
commands=$("$frontline" --help | sed -n 's/^  \([a-z]*\)  *.*/\1/p')
expect "commands" "places events state timeline render regions batch style theatre cache" \
  "$(echo $commands)"
"$frontline" --help | grep -q "^  timeline one place's history" && ok || fail "usage"
for command in $commands; do
  expect "README's options of $command" "$(help_options $command | tr '\n' ' ')" \
    "$(readme_options $command | tr '\n' ' ')"
  grep -q "^\.SS \"frontline $command " "$man_page" && ok || fail "man: no section $command"
  # the man page's section of the command has each of its options
  sed -n "/^\\.SS \"frontline $command /,/^\\.S[SH]/p" "$man_page" | sed 's/\\-/-/g' \
    >"$work/man-$command"
  for option in $(help_options $command); do
    grep -q -- "fB$option\\\\fR" "$work/man-$command" && ok ||
      fail "man: $command lacks $option"
  done
done
# groff finds nothing to warn about; man renders it
warnings=$(groff -man -ww -z "$man_page" 2>&1)
expect "groff -man -ww" "" "$warnings"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man --warnings -l "$man_page" >"$work/man.txt" 2>"$work/man.err"
  expect "man --warnings" "" "$(cat "$work/man.err")"
  grep -q -- "--from=YYYY-MM-DD" "$work/man.txt" && ok || fail "man: no --from in the text"
fi
expect "man: version" "\"frontline $("$frontline" --version | cut -d' ' -f2)\"" \
  "$(sed -n 's/^\.TH FRONTLINE 1 "" \("[^"]*"\).*/\1/p' "$man_page")"

# --- bash completion
if command -v bash >/dev/null 2>&1; then
  # complete WORDS...: the completions of the last word
  complete_words() {
    PATH="$(dirname "$frontline"):$PATH" bash -c '
      . "$0"
      COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
      _frontline
      printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
      "$src/src/cli/frontline.bash" "$@"
  }
  expect "bash: commands" "state style " "$(complete_words frontline st)"
  expect "bash: cache" "clear " "$(complete_words frontline cache cl)"
  expect "bash: options" "--every " "$(complete_words frontline state --ev)"
  expect "bash: options before the reports" "--from " \
    "$(complete_words frontline state reports/x.txt --fro)"
  expect "bash: --format of state" "csv geojson gpkg json tsv " \
    "$(complete_words frontline state --format '')"
  expect "bash: --layer" "front " "$(complete_words frontline state --layer f)"
  expect "bash: render's options" "--lang " "$(complete_words frontline render --la)"
  expect "bash: batch's" "--gif --gif-frame-ms " "$(complete_words frontline batch --gif)"
fi

e2e_summary
