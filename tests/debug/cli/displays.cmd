# vm debug --input 'hello\nexit\n'
display 1
display 2
display 3
display 4
display 5
display 6
display 7
display 8
display 9
display 10
display 11
display 12
display 13
display 14
display 15
display 16
display 17
undisplay 3
display sp == 16777216
display 18
info display
undisplay
display 19
info display
quit
