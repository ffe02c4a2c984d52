# fork-copy-short - fork copies too little: only the first half of the
# parent's memory reaches the child (the stack, at the top, does not).
# file: syscall.s
# assignment: memory
# expect: is not the parent's
s/^	sw	a2, PCB_BOUND(s1)$/	sw	a2, PCB_BOUND(s1)\n	srli	a2, a2, 1/
