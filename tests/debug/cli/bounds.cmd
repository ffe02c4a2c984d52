# vm debug --input 'hello\nexit\n' -ex 'print/' -ex 'print /'
print/x 42
catch syscall -1
catch syscall 4294967296
catch syscall write extra
catch syscall 4294967294
break swtch if pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 12
break swtch if pid == 9
condition 2 pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 9 || pid == 12
info breakpoints
quit
