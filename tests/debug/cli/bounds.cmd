# vm debug --input 'hello\nexit\n' -ex 'print/' -ex 'print /'
print/x 42
quit
