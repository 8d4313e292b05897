# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_wa_support_global_optspecs
    string join \n url= token= token-file= f/file= p/profile= cacert= k/insecure= no-insecure timeout= v/verbose color= h/help V/version
end

function __fish_wa_support_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_wa_support_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_wa_support_using_subcommand
    set -l cmd (__fish_wa_support_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c wa-support -n "__fish_wa_support_needs_command" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_needs_command" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_needs_command" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_needs_command" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_needs_command" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_needs_command" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_needs_command" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_needs_command" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_needs_command" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_needs_command" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_needs_command" -s V -l version -d 'Print version'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "show" -d 'Show the status as tables (or the raw answer with --json)'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "check" -d 'Check the status for a monitor (Nagios plugin protocol)'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "report" -d 'Write a Markdown report, safe to attach to a support ticket'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "login" -d 'Log in and print (or save) an API token'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c wa-support -n "__fish_wa_support_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s o -l output -d 'Output form: tables, or the normalized model as JSON' -r -f -a "table\t'Tables for people'
json\t'The normalized model as versioned JSON ("format": 1)'"
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s w -l watch -d 'Redraw every SECS seconds (default 5), marking what changed' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l space-warn -d 'Free space below this is a warning (e.g. 10GiB, 500MB)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l space-crit -d 'Free space below this is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l expiry-warn -d 'A build expiring within this many days is a warning' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l expiry-crit -d 'A build expiring within this many days (or expired) is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l json -d 'Print the answer\'s body exactly as the server sent it (for jq)'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l redact -d 'Mask phone numbers, secret environment values and tokens'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l redact-hosts -d 'Also replace host names and addresses with aliases (node-1, …)'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l space-warn -d 'Free space below this is a warning (e.g. 10GiB, 500MB)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l space-crit -d 'Free space below this is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l expiry-warn -d 'A build expiring within this many days is a warning' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l expiry-crit -d 'A build expiring within this many days (or expired) is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l json -d 'Print the findings as JSON instead of plugin output'
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s O -l output -d 'Write the report to this file instead of stdout (created 0600; "-" is stdout)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l space-warn -d 'Free space below this is a warning (e.g. 10GiB, 500MB)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l space-crit -d 'Free space below this is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l expiry-warn -d 'A build expiring within this many days is a warning' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l expiry-crit -d 'A build expiring within this many days (or expired) is critical' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l force -d 'With -O: replace an existing file (it is never followed if a symlink)'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l no-redact -d 'Keep phone numbers, secrets and tokens (redaction is on by default)'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l redact-hosts -d 'Also replace host names and addresses with aliases (node-1, …)'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s u -l user -d 'The user name (the default admin account is "admin")' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l password-stdin -d 'Read the password from the first line of stdin'
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l save -d 'Save the token (mode 0600) instead of printing it: into the profile whose URL is the server logged in to, or a new profile named after its host'
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l dir -d 'Write every page (wa-support.1, wa-support-show.1, ...) into DIR' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l url -d 'The web app\'s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l token -d 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l token-file -d 'Read the token from this file (first line; at most 16 KiB)' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -s f -l file -d 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -s p -l profile -d 'Use this profile of the config file' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l cacert -d 'Trust this PEM certificate or CA (instead of the system\'s roots); a server certificate named here is pinned and accepted as-is' -r -F
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -s k -l insecure -d 'Do not verify the server\'s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile\'s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]' -r -f -a "true\t''
false\t''"
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l timeout -d 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]' -r
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t'Always colour (even piped, even with NO_COLOR)'
never\t'Never colour'"
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -l no-insecure -d 'Verify the server\'s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -s v -l verbose -d 'Trace the request and response on stderr (secrets masked)'
complete -c wa-support -n "__fish_wa_support_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "show" -d 'Show the status as tables (or the raw answer with --json)'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "check" -d 'Check the status for a monitor (Nagios plugin protocol)'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "report" -d 'Write a Markdown report, safe to attach to a support ticket'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "login" -d 'Log in and print (or save) an API token'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c wa-support -n "__fish_wa_support_using_subcommand help; and not __fish_seen_subcommand_from show check report login completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
