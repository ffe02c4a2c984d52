# user-ptr-another-region - user_ptr checks the pointer against the
# caller's bound, then relocates it by the wrong base: one page below the
# caller's own, inside the process before it in memory.  The shell's
# writes print another process's bytes.
# file: mem.s
# input: hello\nexit\n
# codes: LDE008
# expect: the kernel read pid 1's memory
/^	add	a0, a0, t0$/{
N
/\n	ret$/s/\n	ret$/\n	addi	a0, a0, -4096\n	ret/
}
