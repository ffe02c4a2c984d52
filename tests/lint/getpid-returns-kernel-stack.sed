# getpid-returns-kernel-stack - getpid answers with its kernel sp, not
# the pid: the program learns where its kernel stack is.
# file: syscall.s
# input: lat_syscall 10\nexit\n
# codes: LDE011
# status: 0
# expect: an address in the kernel's memory
/^sys_getpid:$/{
n
s/^	lw	a0, PCB_PID(s0)$/	mov	a0, sp/
}
