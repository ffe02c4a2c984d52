# vm debug --input 'hello\nexit\n'
reverse-stepi
reverse-continue
reverse-nexti
reverse-finish
break swtchh
break 0x20000000
break swtch+2
break nosuchprog:main
break sh:nosuch
x/4x 0x20000000
x/4q 0
x/0x 0
x
print nosuch
print 1 +
print 10/0
print (1
print $nosuch
print 12ab
foo
stepi x
stepi 0
goto
goto x
info nosuch
info
condition 9 pid == 1
condition 1 pid == 1
delete 7
delete x
catch lunch
catch syscall nosuch
catch
watch
watch nosuch
watch next_pid 65
watch 99:0x100
break
continue now
info proc 77
continue
stepi
nexti
finish
continue
help nosuch
help info
quit
stepi
