set pagination off
set confirm off
target remote localhost:PORT
show architecture
info threads
info registers rip
p/x $rax
p/x $cr3
p/x $fs_base
x/4xb 0x1000
thread 2
p/x $rax
set var $rbx = 0x1234
p/x $rbx
set {unsigned char}0x1003 = 0xab
x/1xb 0x1003
break *0x1800
continue
p/x $pc
stepi
p/x $pc
detach
