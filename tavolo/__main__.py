from tavolo.cli import main

raise SystemExit(main())
