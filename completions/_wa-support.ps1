
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'wa-support' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'wa-support'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'wa-support' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the status as tables (or the raw answer with --json)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the status for a monitor (Nagios plugin protocol)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a Markdown report, safe to attach to a support ticket')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in and print (or save) an API token')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wa-support;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output form: tables, or the normalized model as JSON')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output form: tables, or the normalized model as JSON')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Redraw every SECS seconds (default 5), marking what changed')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw every SECS seconds (default 5), marking what changed')
            [CompletionResult]::new('--space-warn', '--space-warn', [CompletionResultType]::ParameterName, 'Free space below this is a warning (e.g. 10GiB, 500MB)')
            [CompletionResult]::new('--space-crit', '--space-crit', [CompletionResultType]::ParameterName, 'Free space below this is critical')
            [CompletionResult]::new('--expiry-warn', '--expiry-warn', [CompletionResultType]::ParameterName, 'A build expiring within this many days is a warning')
            [CompletionResult]::new('--expiry-crit', '--expiry-crit', [CompletionResultType]::ParameterName, 'A build expiring within this many days (or expired) is critical')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the answer''s body exactly as the server sent it (for jq)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask phone numbers, secret environment values and tokens')
            [CompletionResult]::new('--redact-hosts', '--redact-hosts', [CompletionResultType]::ParameterName, 'Also replace host names and addresses with aliases (node-1, …)')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;check' {
            [CompletionResult]::new('--space-warn', '--space-warn', [CompletionResultType]::ParameterName, 'Free space below this is a warning (e.g. 10GiB, 500MB)')
            [CompletionResult]::new('--space-crit', '--space-crit', [CompletionResultType]::ParameterName, 'Free space below this is critical')
            [CompletionResult]::new('--expiry-warn', '--expiry-warn', [CompletionResultType]::ParameterName, 'A build expiring within this many days is a warning')
            [CompletionResult]::new('--expiry-crit', '--expiry-crit', [CompletionResultType]::ParameterName, 'A build expiring within this many days (or expired) is critical')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the findings as JSON instead of plugin output')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;report' {
            [CompletionResult]::new('-O', '-O ', [CompletionResultType]::ParameterName, 'Write the report to this file instead of stdout (created 0600; "-" is stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of stdout (created 0600; "-" is stdout)')
            [CompletionResult]::new('--space-warn', '--space-warn', [CompletionResultType]::ParameterName, 'Free space below this is a warning (e.g. 10GiB, 500MB)')
            [CompletionResult]::new('--space-crit', '--space-crit', [CompletionResultType]::ParameterName, 'Free space below this is critical')
            [CompletionResult]::new('--expiry-warn', '--expiry-warn', [CompletionResultType]::ParameterName, 'A build expiring within this many days is a warning')
            [CompletionResult]::new('--expiry-crit', '--expiry-crit', [CompletionResultType]::ParameterName, 'A build expiring within this many days (or expired) is critical')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With -O: replace an existing file (it is never followed if a symlink)')
            [CompletionResult]::new('--no-redact', '--no-redact', [CompletionResultType]::ParameterName, 'Keep phone numbers, secrets and tokens (redaction is on by default)')
            [CompletionResult]::new('--redact-hosts', '--redact-hosts', [CompletionResultType]::ParameterName, 'Also replace host names and addresses with aliases (node-1, …)')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;login' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name (the default admin account is "admin")')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name (the default admin account is "admin")')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of stdin')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save the token (mode 0600) instead of printing it: into the profile whose URL is the server logged in to, or a new profile named after its host')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;completions' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page (wa-support.1, wa-support-show.1, ...) into DIR')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The web app''s base URL, e.g. https://wa.example.com:9090 (the tool calls URL/v1/support)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token sent as "Authorization: Bearer". Prefer WA_SUPPORT_TOKEN or --token-file: a token on the command line is visible to other users in the process list and stays in shell history')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from this file (first line; at most 16 KiB)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read a saved answer from this file instead of a server ("-" for stdin); no network is used, --url and WA_SUPPORT_URL are ignored, and the config file is not read')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust this PEM certificate or CA (instead of the system''s roots); a server certificate named here is pinned and accepted as-is')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate (a warning is printed); --insecure=false or WA_SUPPORT_INSECURE=0 turns off a profile''s `insecure = true` [env: WA_SUPPORT_INSECURE, read only when a request is made]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of the whole call in seconds, connection through last byte [default: 10] [env: WA_SUPPORT_TIMEOUT, read only when a request is made]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-insecure', '--no-insecure', [CompletionResultType]::ParameterName, 'Verify the server''s certificate even if the profile, WA_SUPPORT_INSECURE or --insecure says otherwise')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace the request and response on stderr (secrets masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'wa-support;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the status as tables (or the raw answer with --json)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the status for a monitor (Nagios plugin protocol)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a Markdown report, safe to attach to a support ticket')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in and print (or save) an API token')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wa-support;help;show' {
            break
        }
        'wa-support;help;check' {
            break
        }
        'wa-support;help;report' {
            break
        }
        'wa-support;help;login' {
            break
        }
        'wa-support;help;completions' {
            break
        }
        'wa-support;help;man' {
            break
        }
        'wa-support;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
