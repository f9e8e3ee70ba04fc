#!/bin/sh
# keras_fashion.sh [NNVIZ] - times the Keras bridge's figure: nnviz train on
# fashion_784_32_10.py, start to finish (loading the gzipped IDX files, ten
# epochs, the printed lines). Prints wall and CPU seconds: on a shared
# machine the CPU time is the steadier figure. Target: <= 1.5 s wall.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nnviz=${1:-$here/../build/nnviz}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
/usr/bin/time -f "%e %U %S" -o "$out" "$nnviz" train "$here/fashion_784_32_10.py" >/dev/null
read -r wall user sys < "$out"
cpu=$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')
echo "KERAS_FASHION 784-32-10 x10 epochs  wall $wall s  cpu $cpu s (user $user, sys $sys)"
