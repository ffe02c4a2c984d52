# swtch-lost-s2 - forgot to save one register in swtch: s2 is loaded from
# the new context but never saved into the old one, so a kernel thread
# that switches away in the middle of a call (a long write preempted
# inside the kernel) comes back with a stale s2.
# file: proc.s
# assignment: switch
# expect: output contains "bigwrite: write(1, buf, 16384) returned 16384
/^	sw	s2, CTX_S2(a0)$/d
