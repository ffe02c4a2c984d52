# sigreturn-trusts - sigreturn trusts the user's context: the saved status
# goes back as the handler left it, so a program can return to user mode
# with interrupts off (or worse).
# file: syscall.s
# assignment: upcall
# expect: interrupts stay on in user mode, whatever the handler wrote
/^	li	t0, STATUS_UM | STATUS_IE$/{N;/TF_STATUS(a1)/d;}
