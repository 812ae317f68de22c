#!/bin/sh
# Writes the man page frontline.1 on standard output, made from the program's own help: the
# commands of 'frontline --help', and each command's options as 'frontline COMMAND --help'
# prints them from its option tables, so the page cannot drift from the program. The build
# runs it (the target 'man'); tests/e2e/conventions.sh checks the page with groff.
# usage: scripts/man.sh FRONTLINE > frontline.1
set -eu
frontline=$1
LC_ALL=C.UTF-8
export LC_ALL
version=$("$frontline" --version | sed 's/^frontline //')

# roff: escape backslashes and hyphens, keep a line from starting with a control character
roff() {
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/" -e 's/…/.../g'
}

cat <<HEAD
.TH FRONTLINE 1 "" "frontline $version" "User Commands"
.SH NAME
frontline \\- turn dated news reports into dated front\\-line maps
.SH SYNOPSIS
.B frontline
.I COMMAND
.RI [ OPTION ...]
.IR REPORT ...
.br
.B frontline
.BR \\-\\-help " | " \\-\\-version
.br
.B frontline
.I COMMAND
.B \\-\\-help
.SH DESCRIPTION
.B frontline
reads wire stories, finds the places they name, reads who took, lost or besieges what and
when, keeps a timeline of control per place with the sentence that justifies each state, and
draws the map of any date as PNG, SVG or PDF, or writes it as GIS layers (GeoPackage, GeoJSON,
CSV) for QGIS.
Reports are UTF\\-8 text files dated by a
.B Date:
header, a
.BR \\-\\-manifest ,
or a dateline;
.B \\-
reads one from standard input.
Options may come before or after the command.
.SH COMMANDS
HEAD

"$frontline" --help | sed -n 's/^  \([a-z]*\) *\(.*\)$/\1 \2/p' | while read -r command summary; do
  usage=$("$frontline" "$command" --help |
    sed -n 's/^  frontline \([a-z]*\) \[OPTION…\] *\([^-]*\) - .*/\2/p')
  printf '.SS "frontline %s [OPTION...] %s"\n' "$command" "$(echo "$usage" | sed 's/ *$//')" |
    roff | sed 's/^\\&//'
  echo "$summary" | roff
  # the options: "  -t, --theatre=DIR     text", or "  --layer=LAYER     text"
  "$frontline" "$command" --help |
    sed -n '/^Application Options:/,$p' | sed -n 's/^  \(-.*[^ ]\)   *\([^ ].*\)$/\1\t\2/p' |
    while IFS="$(printf '\t')" read -r names text; do
      echo ".TP"
      echo "$names" | roff |
        sed -e 's/\(\\-[a-zA-Z]\)\([,=]\|$\)/\\fB\1\\fR\2/' \
            -e 's/\(\\-\\-[a-z\\-]*\)/\\fB\1\\fR/' -e 's/=\(.*\)$/=\\fI\1\\fR/'
      echo "$text" | roff
    done
done

cat <<'TAIL'
.SH "EXIT STATUS"
.TP
.B 0
done
.TP
.B 2
usage: an unknown command or option, a malformed date, size, format or layer, a style file
that does not validate, options that do not go together (a deck of one shard), a
\fBtimeline\fR place that names no single place of the theatre
.TP
.B 3
a report: unreadable, not UTF\-8, malformed, undated or out of the theatre's period
.TP
.B 4
theatre data: a missing or malformed theatre file, overlay (\fB\-\-places\fR,
\fB\-\-aliases\fR), lexicon or corrections file
.TP
.B 5
the map or an output file: a base map that cannot be read, an output that cannot be written,
an output folder another batch is drawing into
.TP
.B 130
interrupted: only complete files are left
.SH ENVIRONMENT
.TP
.B FRONTLINE_THEATRE
the theatre folder used without \fB\-\-theatre\fR
.TP
.B FRONTLINE_CACHE_DIR
the folder of prepared maps (default \fI~/.cache/frontline\fR); \fBoff\fR for none
.TP
.B FRONTLINE_STYLES
the folder a bare \fB\-\-style\fR name is looked up in
.TP
.B FRONTLINE_SCRIPTS
the folder of the scripts \fBtheatre new\fR runs
.SH FILES
Found from the program's own folder, so an installed tree can move:
.TP
.I ../share/frontline/gazetteer/
the bundled theatres (\fIsyria/\fR, the default; \fIukraine\-kharkiv\-2022/\fR with its
example reports) and the lexicons (\fIlang/\fR)
.TP
.I ../share/frontline/styles/
the bundled styles (\fBdefault\fR, \fBprint\fR, \fBdark\fR)
.TP
.I ../share/frontline/scripts/
the scripts of \fBtheatre new\fR
.TP
.I ../lib/frontline/
the GIS module (GDAL, PROJ) and the video module (FFmpeg)
.SH EXAMPLES
.nf
frontline render \-\-date 2024\-12\-07 \-o syria.png reports/*.txt
frontline state \-\-date 2024\-12\-07 \-\-format gpkg \-o state.gpkg reports/*.txt
frontline state \-\-from 2024\-11\-26 \-\-to 2024\-12\-08 \-f gpkg \-o s.gpkg reports/*.txt
frontline state \-\-date 2024\-12\-07 \-\-format geojson \-\-layer zones reports/*.txt | jq .
frontline batch \-\-from 2024\-11\-26 \-\-to 2024\-12\-08 \-\-gif war.gif reports/*.txt
.fi
.SH "SEE ALSO"
.BR ogrinfo (1),
.BR ogr2ogr (1),
.BR qgis (1)
.PP
The README of the source distribution describes the reports, the theatres, the styles and the
exports' layers and fields.
TAIL
