# write-no-check - no pointer check in write: the buffer is translated
# (BASE + buf) but never checked against the bound, so a program can have
# the kernel print any memory: the kernel's, another process's.
# file: syscall.s
# assignment: syscall
# expect: no pointer outside the caller's memory is taken
# lint: LDE013 error
s/^	call	user_ptr			# buf .. buf+n inside the bound?$/	mfcr	t0, CR_BASE			# (no check)\n	add	a0, a0, t0/
