# base-no-bound - set base but not bound: dispatch moves the window to the
# new process's memory but leaves the size of the previous one's.
# file: proc.s
# assignment: switch
# expect: (init): protection fault at 0x00000000; killed
/^	lw	t0, PCB_BOUND(a0)$/,/^	mtcr	CR_BOUND, t0$/d
