# one-kernel-stack-for-all - proc_init gives every slot the same kernel
# stack top.
# file: proc.s
# input: hello\nexit\n
# codes: LDE012
# expect: the kernel stack pid
/^	addi	t1, t1, KSTACK_BYTES$/d
