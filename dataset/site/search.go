package site

import "bytes"

// searchPage is the page that searches the quotes of every curated table
// at once: it loads the tables' data files (those of their pages) and
// lists the rows whose cells hold every word asked for.
const searchPage = "search.html"

// searchTable is a table the search page searches: where its data is and
// which of its cells to show.
type searchTable struct {
	Table  string   `json:"table"`
	Title  string   `json:"title"`
	Page   string   `json:"page"` // the table's page, for "all matches in the table"
	Rows   int      `json:"rows"`
	Chunks []string `json:"chunks"`
	Search []int    `json:"search"` // the cells searched: those the table's page shows
	ID     int      `json:"id"`
	Quote  int      `json:"quote"`
	Figure int      `json:"figure"` // -1 for a table without a main figure
}

// searchMeta is what the search page's script reads.
type searchMeta struct {
	Root   string        `json:"root"`
	Tables []searchTable `json:"tables"`
	Page   int           `json:"page"`
}

type searchView struct {
	common
	Data  searchMeta
	Count int
}

func (s *site) searchFile() file {
	return file{path: searchPage, render: func(b *bytes.Buffer) error {
		v := &searchView{common: s.newCommon("search", "Search the quotes", searchPage)}
		v.Data = searchMeta{Root: rootOf(searchPage), Page: firstRows}
		for _, t := range s.rel.Tables {
			if !t.Schema.Curated || len(t.Rows) == 0 {
				continue
			}
			l := s.listingOf(t.Schema)
			st := searchTable{Table: t.Schema.Name, Title: t.Schema.Title, Page: tablePage(t.Schema.Name), Rows: len(t.Rows),
				ID: l.id, Quote: l.quote, Figure: l.figure}
			for _, c := range l.Cols {
				st.Search = append(st.Search, c.Show)
			}
			for k := 0; k*chunkRows < len(t.Rows); k++ {
				st.Chunks = append(st.Chunks, chunkPath(t.Schema.Name, k))
			}
			v.Data.Tables = append(v.Data.Tables, st)
			v.Count += len(t.Rows)
		}
		return page("search", v)(b)
	}}
}
