
use builtin;
use str;

set edit:completion:arg-completer[wa-support] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'wa-support'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'wa-support'= {
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the status as tables (or the raw answer with --json)'
            cand check 'Check the status for a monitor (Nagios plugin protocol)'
            cand report 'Write a Markdown report, safe to attach to a support ticket'
            cand login 'Log in and print (or save) an API token'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'wa-support;show'= {
            cand -o 'Output form: tables, or the normalized model as JSON'
            cand --output 'Output form: tables, or the normalized model as JSON'
            cand -w 'Redraw every SECS seconds (default 5), marking what changed'
            cand --watch 'Redraw every SECS seconds (default 5), marking what changed'
            cand --space-warn 'Free space below this is a warning (e.g. 10GiB, 500MB)'
            cand --space-crit 'Free space below this is critical'
            cand --expiry-warn 'A build expiring within this many days is a warning'
            cand --expiry-crit 'A build expiring within this many days (or expired) is critical'
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --json 'Print the answer''s body exactly as the server sent it (for jq)'
            cand --redact 'Mask phone numbers, secret environment values and tokens'
            cand --redact-hosts 'Also replace host names and addresses with aliases (node-1, …)'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;check'= {
            cand --space-warn 'Free space below this is a warning (e.g. 10GiB, 500MB)'
            cand --space-crit 'Free space below this is critical'
            cand --expiry-warn 'A build expiring within this many days is a warning'
            cand --expiry-crit 'A build expiring within this many days (or expired) is critical'
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --json 'Print the findings as JSON instead of plugin output'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;report'= {
            cand -O 'Write the report to this file instead of stdout (created 0600; "-" is stdout)'
            cand --output 'Write the report to this file instead of stdout (created 0600; "-" is stdout)'
            cand --space-warn 'Free space below this is a warning (e.g. 10GiB, 500MB)'
            cand --space-crit 'Free space below this is critical'
            cand --expiry-warn 'A build expiring within this many days is a warning'
            cand --expiry-crit 'A build expiring within this many days (or expired) is critical'
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --force 'With -O: replace an existing file (it is never followed if a symlink)'
            cand --no-redact 'Keep phone numbers, secrets and tokens (redaction is on by default)'
            cand --redact-hosts 'Also replace host names and addresses with aliases (node-1, …)'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;login'= {
            cand -u 'The user name (the default admin account is "admin")'
            cand --user 'The user name (the default admin account is "admin")'
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --password-stdin 'Read the password from the first line of stdin'
            cand --save 'Save the token (mode 0600) instead of printing it: into the profile whose URL is the server logged in to, or a new profile named after its host'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;completions'= {
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;man'= {
            cand --dir 'Write every page (wa-support.1, wa-support-show.1, ...) into DIR'
            cand --url 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)'
            cand --token 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history'
            cand --token-file 'Read the token from this file (first line; at most 16 KiB)'
            cand -f 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand --file 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read'
            cand -p 'Use this profile of the config file'
            cand --profile 'Use this profile of the config file'
            cand --cacert 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is'
            cand -k 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --insecure 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]'
            cand --timeout 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]'
            cand --color 'When to use colour'
            cand --no-insecure 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise'
            cand -v 'Trace the request and response on stderr (secrets masked)'
            cand --verbose 'Trace the request and response on stderr (secrets masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'wa-support;help'= {
            cand show 'Show the status as tables (or the raw answer with --json)'
            cand check 'Check the status for a monitor (Nagios plugin protocol)'
            cand report 'Write a Markdown report, safe to attach to a support ticket'
            cand login 'Log in and print (or save) an API token'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'wa-support;help;show'= {
        }
        &'wa-support;help;check'= {
        }
        &'wa-support;help;report'= {
        }
        &'wa-support;help;login'= {
        }
        &'wa-support;help;completions'= {
        }
        &'wa-support;help;man'= {
        }
        &'wa-support;help;help'= {
        }
    ]
    $completions[$command]
}
