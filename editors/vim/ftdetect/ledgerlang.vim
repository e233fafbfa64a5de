" ledgerlang books: *.iij (not Vim's `ledger` filetype, which is John Wiegley's Ledger journals)
autocmd BufRead,BufNewFile *.iij setfiletype ledgerlang
