" Filetype detection for Parley playbooks (Neovim 0.7 and later, and Vim).
autocmd BufRead,BufNewFile *.parley setfiletype parley
