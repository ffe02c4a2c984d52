# user-ptr-unchecked - user_ptr relocates every pointer but checks none
# against the bound: evil-write's pointers past its memory reach the
# kernel's and other processes' memory, through write.
# file: mem.s
# input: evil-write\nexit\n
# codes: LDE013
# expect: through buf (0xf0000000), whose range passes pid 3's bound
/^	bltu	t0, a1, user_ptr_bad		# n > BOUND$/d
/^	sub	t0, t0, a1$/d
/^	bltu	t0, a0, user_ptr_bad		# v > BOUND - n$/d
