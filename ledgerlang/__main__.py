from ledgerlang.cli.main import main

raise SystemExit(main())
