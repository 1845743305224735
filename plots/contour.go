package plots

// contours traces the level-z lines of g by marching squares and joins the cell segments
// into polylines. (gonum's plotter.Contour can loop forever when a level passes near a
// saddle point of the samples, which loss surfaces have.)
func contours(g *grid, z float64) [][][2]float64 {
	n := g.n
	above := func(c, r int) bool { return g.Z(c, r) >= z }
	// Edge keys: 2·(r·n+c) is the edge from (c, r) to (c+1, r), 2·(r·n+c)+1 the one to (c, r+1).
	h := func(c, r int) int { return 2 * (r*n + c) }
	v := func(c, r int) int { return 2*(r*n+c) + 1 }
	var segs [][2]int
	at := map[int][]int{} // edge key → segments ending there
	add := func(a, b int) {
		at[a] = append(at[a], len(segs))
		at[b] = append(at[b], len(segs))
		segs = append(segs, [2]int{a, b})
	}
	for r := 0; r+1 < n; r++ {
		for c := 0; c+1 < n; c++ {
			a0, a1, a2, a3 := above(c, r), above(c+1, r), above(c+1, r+1), above(c, r+1)
			// Edges bottom, right, top, left, and whether the level crosses each.
			edges := [4]int{h(c, r), v(c+1, r), h(c, r+1), v(c, r)}
			cross := [4]bool{a0 != a1, a1 != a2, a3 != a2, a0 != a3}
			var hit []int
			for i, x := range cross {
				if x {
					hit = append(hit, edges[i])
				}
			}
			switch len(hit) {
			case 2:
				add(hit[0], hit[1])
			case 4: // a saddle cell: the centre decides which corners connect
				centre := (g.Z(c, r)+g.Z(c+1, r)+g.Z(c+1, r+1)+g.Z(c, r+1))/4 >= z
				if centre == a0 {
					add(edges[0], edges[1])
					add(edges[2], edges[3])
				} else {
					add(edges[3], edges[0])
					add(edges[1], edges[2])
				}
			}
		}
	}
	point := func(key int) [2]float64 {
		c, r := (key/2)%n, (key/2)/n
		c2, r2 := c+1, r
		if key%2 == 1 {
			c2, r2 = c, r+1
		}
		za, zb := g.Z(c, r), g.Z(c2, r2)
		t := (z - za) / (zb - za)
		return [2]float64{g.X(c) + t*(g.X(c2)-g.X(c)), g.Y(r) + t*(g.Y(r2)-g.Y(r))}
	}
	used := make([]bool, len(segs))
	extend := func(keys []int) []int {
		for {
			last, next := keys[len(keys)-1], -1
			for _, s := range at[last] {
				if !used[s] {
					next = s
					break
				}
			}
			if next < 0 {
				return keys
			}
			used[next] = true
			other := segs[next][0]
			if other == last {
				other = segs[next][1]
			}
			keys = append(keys, other)
		}
	}
	var lines [][][2]float64
	for i, s := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		keys := extend([]int{s[1], s[0]})
		for l, r := 0, len(keys)-1; l < r; l, r = l+1, r-1 {
			keys[l], keys[r] = keys[r], keys[l]
		}
		keys = extend(keys)
		line := make([][2]float64, len(keys))
		for j, k := range keys {
			line[j] = point(k)
		}
		lines = append(lines, line)
	}
	return lines
}
