TABLE = "search_index"
NEW_TABLE = "search_index_new"  # built beside the live one by a rebuild, then swapped in
