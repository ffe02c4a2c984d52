# vm debug --input 'hello\nspin 20000 &\nevil-priv\nexit\n'
catch privileged
catch syscall write
catch switch
catch exit if pid == 5
info breakpoints
continue
continue
delete 2
continue
continue
delete 3
continue
delete
watch ticks
continue
reverse-continue
rwatch quantum
continue
delete
awatch runq_head
continue
continue
reverse-continue
delete
break sh:main
break hello:main if pid == 3
info breakpoints
run
continue
reverse-continue
catch fault
catch interrupt
catch create
catch wake
delete
watch 3:0 4
