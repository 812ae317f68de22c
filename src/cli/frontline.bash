# bash completion for frontline: commands, each command's options (read from
# 'frontline COMMAND --help', so they are the program's own) and their values.
# Installed as share/bash-completion/completions/frontline; or: source src/cli/frontline.bash

_frontline_options() {
  # the long options of a command, from its help
  LC_ALL=C.UTF-8 "$1" "$2" --help 2>/dev/null |
    sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p'
}

_frontline() {
  local cur prev program command word i
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  program=${COMP_WORDS[0]}
  local commands="places events state timeline render regions batch style theatre cache"
  command=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    case " $commands " in *" $word "*) command=$word; break ;; esac
  done

  # an option's value
  case $prev in
    -f | --format)
      case $command in
        state) COMPREPLY=($(compgen -W "tsv json geojson gpkg csv" -- "$cur")) ;;
        batch) COMPREPLY=($(compgen -W "png svg pdf png,svg png,svg,pdf" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "tsv json" -- "$cur")) ;;
      esac
      return ;;
    --layer) COMPREPLY=($(compgen -W "places zones front arrows" -- "$cur")); return ;;
    -l | --lang) COMPREPLY=($(compgen -W "fr en ar fr+ar en+ar" -- "$cur")); return ;;
    -s | --size)
      COMPREPLY=($(compgen -W "1920x1080 slide slide43 square a4 a4-landscape" -- "$cur"))
      return ;;
    --dates) COMPREPLY=($(compgen -W "each-report each-change" -- "$cur")); return ;;
    --style | --check)
      COMPREPLY=($(compgen -W "default print dark" -- "$cur") $(compgen -f -- "$cur"))
      return ;;
    -t | --theatre) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -o | --output)
      if [ "$command" = batch ]; then
        COMPREPLY=($(compgen -d -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      return ;;
    --zones) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --country | --extent | --min-population) return ;;
    -m | --manifest | -c | --corrections | --places | --aliases | --deck | --gif | --video | \
      --sheet)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -d | --date | --as-known-on | --from | --to | --every | --dpi | --title | --proj | \
      --bbox | --set | -j | --jobs | --shard | --gif-frame-ms | --video-frame-ms)
      return ;;
  esac

  if [ -z "$command" ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_frontline_options "$program" "$command") --help" -- "$cur"))
  elif [ "$command" = cache ]; then
    COMPREPLY=($(compgen -W "info clear" -- "$cur"))
  elif [ "$command" = theatre ]; then
    COMPREPLY=($(compgen -W "new" -- "$cur") $(compgen -d -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))   # reports, a timeline's place
  fi
}
complete -o filenames -F _frontline frontline
