# trap-frame-lost-t1 - forgot one register in the trap frame: the entry
# code never saves t1 and the way out never loads it, so a program gets
# back whatever the kernel left in t1 after every trap.
# file: trap.s
# assignment: trap
# expect: regs: t1 changed across a trap
# lint: lost t1 of pid
/^	\\op	t1, TF_T1(sp)$/d
