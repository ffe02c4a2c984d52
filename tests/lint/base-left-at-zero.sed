# base-left-at-zero - dispatch sets BOUND but BASE to 0: the process's
# window starts at the kernel's code.
# Its window then also holds the handlers the trap table points at (LDE006).
# file: proc.s
# input: hello\nexit\n
# codes: LDE003 LDE006
# expect: which put the kernel's own memory at 0x00000000 (_start) inside its memory
s/^	mtcr	CR_BASE, t0$/	mtcr	CR_BASE, zero/
