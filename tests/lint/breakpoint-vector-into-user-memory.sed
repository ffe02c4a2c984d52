# breakpoint-vector-into-user-memory - trap_init puts the address of the
# first process's memory (1 MiB) in the breakpoint's entry.
# file: trap.s
# input: hello\nexit\n
# codes: LDE006
# expect: the trap table's entry for breakpoint
s/^	sw	t1, 4 \* TRAP_BREAKPOINT(a0)$/	li	t1, 0x100000\
	sw	t1, 4 * TRAP_BREAKPOINT(a0)/
