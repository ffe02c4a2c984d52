# shared-kstack - one kernel stack for every process: proc_init gives every
# slot the same stack top, so two processes in the kernel overwrite each
# other's trap frames and kernel threads.
# file: proc.s
# assignment: switch
# expect: kernel panic: a zombie was scheduled
# lint: LDE012 error
/^	addi	t1, t1, KSTACK_BYTES$/d
