#!/bin/sh
# One foreground nginx instance answering `return 200` on 127.0.0.1:PORT, its files under DIR; the command mio
# launches in bench/launch-time.sh:  bench/nginx-instance.sh {port} DIR/{instance}
# (nginx cannot take a listen port from the command line: `-g` accepts no blocks, so a 3-line config is written
# first; the same script is timed on its own as nginx's start time, so its cost cancels out.)
set -e
port="$1"; dir="$2"
mkdir -p "$dir"
printf 'worker_processes 1;\nerror_log stderr warn;\nevents { worker_connections 256; }\nhttp { access_log off; server { listen 127.0.0.1:%s; location / { return 200; } } }\n' "$port" >"$dir/nginx.conf"
exec nginx -p "$dir/" -e stderr -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid;"
