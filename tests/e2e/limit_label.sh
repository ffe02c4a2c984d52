#!/bin/sh
# limit_label.sh VM - vm's messages name a kernel pc by the label that holds
# it (issue 11, outputs that survive a change to the kernel): the default
# kernel stopped by --max-instructions in the middle of its boot says
# "pc 0x........ (label+offset)", and the label is one of the image's.
set -u
vm=$1
msg=$(printf '' | "$vm" run --max-instructions 5000 2>&1 >/dev/null)
status=$?
[ $status -eq 124 ] || { echo "status $status, not 124: $msg"; exit 1; }
printf '%s\n' "$msg" | grep -Eq '^vm: .*default\.bin: stopped after 5000 instructions \(--max-instructions\), pc 0x[0-9a-f]{8} \([A-Za-z_][A-Za-z_0-9]*(\+[0-9]+)?\)$' ||
	{ echo "no label in: $msg"; exit 1; }
label=$(printf '%s\n' "$msg" | sed 's/.*(\([A-Za-z_0-9]*\).*/\1/')
"$vm" disasm "$(dirname "$vm")/default.bin" | grep -q "^$label:" ||
	{ echo "$label is not a label of the kernel"; exit 1; }
