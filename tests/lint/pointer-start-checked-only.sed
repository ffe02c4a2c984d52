# pointer-start-checked-only - user_ptr checks that a buffer starts inside
# the bound, not that it ends there: a write that straddles the bound
# reads the memory after the caller's.
# file: mem.s
# input: evil-write\nexit\n
# codes: LDE013
# expect: through buf (0x00003128), whose range passes pid 3's bound
/^	bltu	t0, a1, user_ptr_bad		# n > BOUND$/d
/^	sub	t0, t0, a1$/d
